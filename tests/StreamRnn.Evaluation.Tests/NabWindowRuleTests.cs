namespace StreamRnn.Evaluation.Tests;

/// <summary>NAB's labeler rule for drawing windows around anomaly points.</summary>
public sealed class NabWindowRuleTests(NabCorpusFixture corpus) : IClassFixture<NabCorpusFixture>
{
    private static readonly DateTime Start = new(2015, 1, 1);

    [Fact]
    public void Draw_EveryFileOfTheCorpus_GivesItsLabelledWindowsExactly()
    {
        var anomalies = NabAnomalyLabels.Load(Path.Combine(NabDataDirectory.Path, NabAnomalyLabels.RelativePath));

        foreach (var file in corpus.Dataset.Files)
        {
            var rows = anomalies.AnomaliesFor(file.Key).Select(anomaly => file.Timestamps.ToList().IndexOf(anomaly)).ToArray();

            Assert.Equal(corpus.Dataset.WindowsFor(file), NabWindowRule.Draw(file.Timestamps, rows));
        }
    }

    [Fact]
    public void Draw_OneAnomaly_CentresATenthOfTheFileOnIt()
    {
        var timestamps = Minutes(1_000);

        var windows = NabWindowRule.Draw(timestamps, [500]);

        Assert.Equal([new NabWindow(timestamps[450], timestamps[550])], windows);
    }

    [Fact]
    public void Draw_AnomalyNearTheEnd_CutsItsWindowThere()
    {
        var timestamps = Minutes(1_000);

        Assert.Equal([new NabWindow(timestamps[930], timestamps[999])], NabWindowRule.Draw(timestamps, [980]));
    }

    [Fact]
    public void Draw_TwoAnomaliesCloserThanAWindow_SplitTheTenthAndMergeIntoOne()
    {
        var timestamps = Minutes(1_000);

        // Each window is int(0.1 * 1000 / 2) = 50 rows: 25 either side; 300 ± 25 and 340 ± 25 overlap.
        Assert.Equal([new NabWindow(timestamps[275], timestamps[365])], NabWindowRule.Draw(timestamps, [300, 340]));
        Assert.Equal([new NabWindow(timestamps[275], timestamps[325]), new NabWindow(timestamps[675], timestamps[725])], NabWindowRule.Draw(timestamps, [300, 700]));
    }

    [Fact]
    public void Draw_RowsOutOfOrderOrOutsideTheFile_AreRefused()
    {
        var timestamps = Minutes(100);

        Assert.Throws<ArgumentException>(() => NabWindowRule.Draw(timestamps, [50, 40]));
        Assert.Throws<ArgumentException>(() => NabWindowRule.Draw(timestamps, [100]));
    }

    private static DateTime[] Minutes(int count) => [.. Enumerable.Range(0, count).Select(minute => Start.AddMinutes(5 * minute))];
}
