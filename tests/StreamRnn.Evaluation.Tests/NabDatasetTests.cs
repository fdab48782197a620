namespace StreamRnn.Evaluation.Tests;

/// <summary>Reads the real NAB subset in tests/data/nab (see its SOURCE.md for its contents).</summary>
public sealed class NabDatasetTests(NabCorpusFixture corpus) : IClassFixture<NabCorpusFixture>
{
    [Fact]
    public void Load_SharedNabSubset_Has28Files272544Rows58Windows()
    {
        var dataset = corpus.Dataset;

        Assert.Equal(28, dataset.Files.Count);
        Assert.Equal(272_544, dataset.RowCount);
        Assert.Equal(58, dataset.WindowCount);
        Assert.Equal(58, dataset.Files.Sum(file => dataset.WindowsFor(file).Count));
    }

    [Theory]
    [InlineData("artificialNoAnomaly/art_flatline.csv", 4032, 0)]
    [InlineData("realKnownCause/nyc_taxi.csv", 10320, 5)]
    [InlineData("realKnownCause/machine_temperature_system_failure.csv", 22695, 4)]
    [InlineData("realKnownCause/rogue_agent_key_hold.csv", 1882, 2)] // CRLF line ends
    [InlineData("realKnownCause/rogue_agent_key_updown.csv", 5315, 2)] // CRLF line ends
    [InlineData("realTweets/Twitter_volume_UPS.csv", 15866, 5)]
    public void Load_SharedNabSubset_FileRowsAndWindowsMatchSource(string key, int rows, int windows)
    {
        var file = corpus.Dataset[key];

        Assert.Equal(rows, file.RowCount);
        Assert.Equal(rows, file.Values.Count);
        Assert.Equal(windows, corpus.Dataset.WindowsFor(file).Count);
    }

    [Fact]
    public void Load_NycTaxi_FirstRowMatchesTheCsv()
    {
        var file = corpus.Dataset["realKnownCause/nyc_taxi.csv"];

        Assert.Equal(new DateTime(2014, 7, 1, 0, 0, 0), file.Timestamps[0]); // 2014-07-01 00:00:00,10844
        Assert.Equal(10844.0, file.Values[0]);
        Assert.Equal(new DateTime(2014, 7, 1, 0, 30, 0), file.Timestamps[1]);
    }

    [Fact]
    public void Load_CrlfFile_ValuesCarryNoCarriageReturn()
    {
        var file = corpus.Dataset["realKnownCause/rogue_agent_key_hold.csv"];

        Assert.Equal(new DateTime(2014, 7, 6, 20, 10, 0), file.Timestamps[0]); // 2014-07-06 20:10:00,0.0645345240000001\r\n
        Assert.Equal(0.0645345240000001, file.Values[0], 15);
    }

    [Fact]
    public void Load_SharedNabSubset_EveryWindowEdgeIsARowTimestamp()
    {
        // NAB matches window edges to rows by exact timestamp; the mapping here is inclusive by range, and on
        // this corpus the two agree: every edge is a row.
        foreach (var file in corpus.Dataset.Files)
        {
            var timestamps = file.Timestamps.ToHashSet();
            foreach (var window in corpus.Dataset.WindowsFor(file))
            {
                Assert.Contains(window.Start, timestamps);
                Assert.Contains(window.End, timestamps);
            }
        }
    }

    [Fact]
    public void Load_MissingFolder_ThrowsNamingIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-nab-root-" + Guid.NewGuid().ToString("N"));

        var exception = Assert.Throws<DirectoryNotFoundException>(() => NabDataset.Load(missing));

        Assert.Contains(missing, exception.Message, StringComparison.Ordinal);
    }
}
