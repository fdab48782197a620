namespace StreamRnn.Evaluation.Tests;

/// <summary>The real NAB subset in shared/nab, loaded once for the tests that read it.</summary>
public sealed class NabCorpusFixture
{
    public NabCorpusFixture()
    {
        Dataset = NabDataset.Load(NabDataDirectory.Path);
    }

    public NabDataset Dataset { get; }
}
