namespace StreamRnn.Evaluation.Tests;

/// <summary>The corpus cut by folder and by length, as the generalisation protocol uses it.</summary>
public sealed class NabProtocolDatasetTests(NabCorpusFixture corpus) : IClassFixture<NabCorpusFixture>
{
    [Fact]
    public void Folders_SharedNabSubset_AreItsFourFolders()
    {
        Assert.Equal(["artificialNoAnomaly", "artificialWithAnomaly", "realKnownCause", "realTweets"], corpus.Dataset.Folders);
    }

    [Fact]
    public void Where_OneFolder_KeepsItsFilesAndOnlyTheirWindows()
    {
        var known = corpus.Dataset.Where(file => NabDataset.FolderOf(file.Key) == "realKnownCause");

        Assert.All(known.Files, file => Assert.StartsWith("realKnownCause/", file.Key, StringComparison.Ordinal));
        Assert.Equal(corpus.Dataset.Files.Count(file => file.Key.StartsWith("realKnownCause/", StringComparison.Ordinal)), known.Files.Count);
        Assert.Equal(known.Files.Sum(file => corpus.Dataset.WindowsFor(corpus.Dataset[file.Key]).Count), known.WindowCount);
        Assert.Equal(["realKnownCause"], known.Folders);
    }

    [Fact]
    public void Truncate_2000Rows_CutsEveryFileAndClipsOrDropsItsWindows()
    {
        var cut = corpus.Dataset.Truncate(2_000);

        Assert.Equal(corpus.Dataset.Files.Count, cut.Files.Count);
        foreach (var file in cut.Files)
        {
            var original = corpus.Dataset[file.Key];
            Assert.Equal(Math.Min(2_000, original.RowCount), file.RowCount);
            Assert.Equal(original.Values.Take(file.RowCount), file.Values);
            var last = file.Timestamps[^1];
            var expected = corpus.Dataset.WindowsFor(original).Where(w => w.Start <= last).Select(w => (w.Start, End: w.End <= last ? w.End : last));
            Assert.Equal(expected, cut.WindowsFor(file).Select(w => (w.Start, w.End)));
        }

        // Some windows lie wholly after row 2,000 and are gone; some were clipped at the cut.
        Assert.True(cut.WindowCount < corpus.Dataset.WindowCount);
        Assert.Contains(cut.Files, file => cut.WindowsFor(file).Any(w => w.End == file.Timestamps[^1]));
    }

    [Fact]
    public void Truncate_LongerThanEveryFile_ChangesNothing()
    {
        var cut = corpus.Dataset.Truncate(1_000_000);

        Assert.Equal(corpus.Dataset.RowCount, cut.RowCount);
        Assert.Equal(corpus.Dataset.WindowCount, cut.WindowCount);
    }

    [Fact]
    public void Coarsen_TwelveRows_AveragesEachGroupAtItsFirstTimestampAndKeepsWindowsInTime()
    {
        var hourly = corpus.Dataset.Coarsen(12);

        Assert.Equal(corpus.Dataset.Files.Count, hourly.Files.Count);
        foreach (var file in hourly.Files)
        {
            var original = corpus.Dataset[file.Key];
            Assert.Equal(original.RowCount / 12, file.RowCount);
            Assert.Equal(original.Timestamps[12], file.Timestamps[1]);
            Assert.Equal(original.Values.Skip(12).Take(12).Average(), file.Values[1], 9);
            var last = file.Timestamps[^1];
            var expected = corpus.Dataset.WindowsFor(original).Where(w => w.Start <= last).Select(w => (w.Start, End: w.End <= last ? w.End : last));
            Assert.Equal(expected, hourly.WindowsFor(file).Select(w => (w.Start, w.End)));
        }

        Assert.Equal(corpus.Dataset.WindowCount, hourly.WindowCount);
    }

    [Fact]
    public void AroundAnomalies_1500Rows_OneSegmentPerAnomalyNotInTheLastWithNabsNarrowerWindows()
    {
        var anomalies = NabAnomalyLabels.Load(Path.Combine(NabDataDirectory.Path, NabAnomalyLabels.RelativePath));

        var segments = corpus.Dataset.AroundAnomalies(1_500, anomalies);

        // 58 labelled anomalies in 23 files; 5 files without one give their first rows. Every segment is 1,500 rows.
        Assert.Equal(58, segments.Files.Count);
        Assert.Equal(64, segments.WindowCount);
        Assert.All(segments.Files, file => Assert.Equal(1_500, file.RowCount));
        var aapl = segments["realTweets/Twitter_volume_AAPL_segment0.csv"];
        var original = corpus.Dataset["realTweets/Twitter_volume_AAPL.csv"];
        var anomalyRow = original.Timestamps.ToList().IndexOf(anomalies.AnomaliesFor(original.Key)[0]);
        Assert.Equal(original.Values.Skip(anomalyRow - 750).Take(1_500), aapl.Values);
        // One anomaly in 1,500 rows: a window of 150 rows centred on it (NAB's whole-file window here is 397 rows).
        Assert.Equal([new NabWindow(aapl.Timestamps[675], aapl.Timestamps[825])], segments.WindowsFor(aapl));
        Assert.Empty(segments.WindowsFor(segments["artificialNoAnomaly/art_flatline_segment0.csv"]));
        Assert.Equal(corpus.Dataset["artificialNoAnomaly/art_flatline.csv"].Values.Take(1_500), segments["artificialNoAnomaly/art_flatline_segment0.csv"].Values);
    }

    [Fact]
    public void AroundAnomalies_LongerThanEveryFile_GivesTheCorpusWithItsOwnWindows()
    {
        var anomalies = NabAnomalyLabels.Load(Path.Combine(NabDataDirectory.Path, NabAnomalyLabels.RelativePath));

        var whole = corpus.Dataset.AroundAnomalies(1_000_000, anomalies);

        Assert.Equal(corpus.Dataset.Files.Count, whole.Files.Count);
        Assert.Equal(corpus.Dataset.RowCount, whole.RowCount);
        foreach (var file in corpus.Dataset.Files)
        {
            var segment = whole[file.Key.Replace(".csv", "_segment0.csv", StringComparison.Ordinal)];
            Assert.Equal(file.Values, segment.Values);
            Assert.Equal(corpus.Dataset.WindowsFor(file), whole.WindowsFor(segment));
        }
    }
}
