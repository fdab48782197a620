namespace StreamRnn.Evaluation.Tests;

public sealed class NabLeaveOneFolderOutTests(NabCorpusFixture corpus) : IClassFixture<NabCorpusFixture>
{
    private const string HeldOutTrap = "realKnownCause";

    [Fact]
    public void Run_VariantPerfectOnlyOnTheHeldOutFolder_IsNotChosenForIt()
    {
        // "general" alerts at every window's first row except in realKnownCause, where it is silent; "trap" alerts
        // there only. Chosen on the other folders, realKnownCause's fold must take "general" and score 0 with it,
        // although "trap" would have scored 100: the held-out folder's labels play no part in the choice.
        var dataset = corpus.Dataset;
        var general = Scores(dataset, file => NabDataset.FolderOf(file.Key) != HeldOutTrap);
        var trap = Scores(dataset, file => NabDataset.FolderOf(file.Key) == HeldOutTrap);

        var folds = NabLeaveOneFolderOut.Run(dataset, [("trap", trap), ("general", general)], NabProfile.Standard);

        var fold = Assert.Single(folds, f => f.HeldOutFolder == HeldOutTrap);
        Assert.Equal("general", fold.ChosenVariant);
        Assert.Equal(100.0, fold.TrainingScore, 9);
        Assert.Equal(0.0, fold.HeldOutScore!.Value, 9);
        Assert.Equal(0, fold.TruePositiveWindows);
    }

    [Fact]
    public void Run_EveryFolder_ScoresEachOnceAndReportsFalsePositivesWhereNoWindowIs()
    {
        var dataset = corpus.Dataset;
        var general = Scores(dataset, _ => true);

        var folds = NabLeaveOneFolderOut.Run(dataset, [("general", general)], NabProfile.Standard);

        Assert.Equal(dataset.Folders, folds.Select(f => f.HeldOutFolder));
        var noAnomaly = Assert.Single(folds, f => f.HeldOutFolder == "artificialNoAnomaly");
        Assert.Null(noAnomaly.HeldOutScore);
        Assert.Equal(0, noAnomaly.FalsePositiveRows);
        Assert.All(folds.Where(f => f.HeldOutFolder != "artificialNoAnomaly"), f => Assert.Equal(100.0, f.HeldOutScore!.Value, 9));
    }

    [Fact]
    public void HeldOutMean_FoldsWithAndWithoutWindows_AveragesOnlyTheScoredOnes()
    {
        NabFoldResult Fold(string folder, double? score) => new(folder, "defaults", 0.5, 80, score, 0, 0, 0);

        Assert.Equal(70.0, NabLeaveOneFolderOut.HeldOutMean([Fold("a", 60), Fold("none", null), Fold("b", 80)]));
        Assert.Null(NabLeaveOneFolderOut.HeldOutMean([Fold("none", null)]));
    }

    [Fact]
    public void Run_HeldOutFolderWithoutWindows_CountsItsFalsePositivesAtTheThresholdChosenElsewhere()
    {
        // Windows found at score 1 in realKnownCause and realTweets (so 1 is the threshold chosen there); every 500th row of the
        // window-less folder scores 1 too, and each one after probation must come back as a false positive.
        var dataset = corpus.Dataset.Where(file => NabDataset.FolderOf(file.Key) is "artificialNoAnomaly" or "realKnownCause" or "realTweets");
        var scores = Scores(dataset, _ => true);
        foreach (var file in dataset.Files.Where(f => f.Key.StartsWith("artificialNoAnomaly/", StringComparison.Ordinal)))
        {
            for (var row = 499; row < file.RowCount; row += 500)
            {
                scores[file.Key][row] = 1.0;
            }
        }

        var folds = NabLeaveOneFolderOut.Run(dataset, [("noisy", scores)], NabProfile.Standard);

        var noAnomaly = Assert.Single(folds, f => f.HeldOutFolder == "artificialNoAnomaly");
        Assert.Equal(1.0, noAnomaly.ChosenThreshold);
        var expected = dataset.Files.Where(f => f.Key.StartsWith("artificialNoAnomaly/", StringComparison.Ordinal))
            .Sum(f => Enumerable.Range(0, f.RowCount).Count(row => row % 500 == 499 && row >= NabScorer.GetProbationLength(f.RowCount)));
        Assert.True(expected > 0);
        Assert.Equal(expected, noAnomaly.FalsePositiveRows);
        Assert.Null(noAnomaly.HeldOutScore);
    }

    /// <summary>1 at the first row of every window of the files <paramref name="alerting"/> selects, 0 elsewhere.</summary>
    private static Dictionary<string, double[]> Scores(NabDataset dataset, Func<NabFile, bool> alerting) =>
        dataset.Files.ToDictionary(file => file.Key, file =>
        {
            var scores = new double[file.RowCount];
            if (alerting(file))
            {
                foreach (var window in dataset.WindowsFor(file))
                {
                    var row = Enumerable.Range(0, file.RowCount).First(r => file.Timestamps[r] >= window.Start);
                    scores[row] = 1.0;
                }
            }

            return scores;
        });
}
