namespace StreamRnn.Evaluation.Tests;

/// <summary>The real NAB subset (tests/data/nab, a copy of NAB v1.1 files), loaded once for the tests that read it.</summary>
public sealed class NabCorpusFixture
{
    public NabCorpusFixture()
    {
        Dataset = NabDataset.Load(NabDataDirectory.Path);
    }

    public NabDataset Dataset { get; }
}
