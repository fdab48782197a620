using static StreamRnn.Evaluation.Tests.SyntheticSeries;

namespace StreamRnn.Evaluation.Tests;

/// <summary>
/// A synthetic corpus of three files: "a" (1000 rows, windows 200..207 and 300..400), "b" (600 rows, probation 90,
/// window 300..339) and "c" (400 rows, no window): 3 scored windows.
/// </summary>
public sealed class NabEvaluationTests
{
    private static readonly (string Key, int Rows, NabWindow[] Windows)[] Layout =
    [
        ("a.csv", 1000, [Window(200, 207), Window(300, 400)]),
        ("b.csv", 600, [Window(300, 339)]),
        ("c.csv", 400, []),
    ];

    private static NabScoredFile[] Corpus(Func<int, int, double> score) =>
        [.. Layout.Select((file, f) => new NabScoredFile(
            file.Key,
            Timestamps(file.Rows),
            file.Windows,
            [.. Enumerable.Range(0, file.Rows).Select(row => score(f, row))]))];

    [Fact]
    public void Evaluate_NullDetector_ScoresZeroForEveryProfile()
    {
        var evaluation = new NabEvaluation(Corpus((_, _) => 0.0));

        var result = evaluation.Evaluate(0.5);

        Assert.Equal(3, result.WindowCount);
        Assert.Equal(3, result.FileCount);
        Assert.Equal(2000, result.RowCount);
        Assert.Equal(2000 - 150 - 90 - 60, result.ScoredRowCount);
        foreach (var profile in result.Profiles)
        {
            Assert.Equal(-3.0 * profile.Profile.FalseNegativeWeight, profile.NullScore);
            Assert.Equal(3.0 * profile.Profile.TruePositiveWeight, profile.PerfectScore);
            Assert.Equal(0.0, profile.Configured.NormalisedScore, 12);
            Assert.Equal(NabEvaluation.NoAlertsThreshold, profile.Optimised.Threshold); // alerting everywhere is worse
            Assert.Equal(0.0, profile.Optimised.NormalisedScore, 12);
            Assert.Equal(3, profile.Optimised.FalseNegativeWindows);
        }
    }

    [Fact]
    public void Evaluate_PerfectDetector_ScoresHundredForEveryProfile()
    {
        // Score 1 exactly at each window's left edge (rows 200 and 300 of "a", 300 of "b"), 0 elsewhere.
        var evaluation = new NabEvaluation(Corpus((f, row) => (f, row) is (0, 200) or (0, 300) or (1, 300) ? 1.0 : 0.0));

        var result = evaluation.Evaluate(0.5);

        foreach (var profile in result.Profiles)
        {
            Assert.Equal(100.0, profile.Configured.NormalisedScore, 12);
            Assert.Equal(3.0 * profile.Profile.TruePositiveWeight, profile.Configured.RawScore, 12);
            Assert.Equal(1.0, profile.Optimised.Threshold);
            Assert.Equal(100.0, profile.Optimised.NormalisedScore, 12);
            Assert.Equal(3, profile.Optimised.TruePositiveWindows);
            Assert.Equal(0, profile.Optimised.FalsePositiveRows);
        }
    }

    [Fact]
    public void Normalise_HalfWayBetweenNullAndPerfect_IsFifty()
    {
        var evaluation = new NabEvaluation(Corpus((_, _) => 0.0));

        // null = -3, perfect = 3: raw 0 is half-way. Low FN: null = -6, perfect = 3: 100 · (0 + 6)/9 = 66.67.
        Assert.Equal(50.0, evaluation.Normalise(NabProfile.Standard, 0.0), 12);
        Assert.Equal(200.0 / 3.0, evaluation.Normalise(NabProfile.RewardLowFalseNegatives, 0.0), 12);
    }

    [Fact]
    public void ScoreAt_PerFileBreakdown_AddsUpToTheCorpus()
    {
        // Alerts at "a" 204 (late TP), "a" 500 (FP), "b" 100 (FP before the window), "c" 200 (FP, no window at all).
        var evaluation = new NabEvaluation(Corpus((f, row) => (f, row) is (0, 204) or (0, 500) or (1, 100) or (2, 200) ? 0.9 : 0.1));

        var result = evaluation.ScoreAt(NabProfile.Standard, 0.9);

        Assert.Equal(["a.csv", "b.csv", "c.csv"], result.Files.Select(file => file.Key));
        Assert.Equal([1, 0, 0], result.Files.Select(file => file.TruePositiveWindows));
        Assert.Equal([1, 1, 0], result.Files.Select(file => file.FalseNegativeWindows));
        Assert.Equal([1, 1, 1], result.Files.Select(file => file.FalsePositiveRows));
        Assert.Equal(result.Files.Sum(file => file.RawScore), result.RawScore, 12);
        Assert.Equal((1, 2, 3), (result.TruePositiveWindows, result.FalseNegativeWindows, result.FalsePositiveRows));

        // a: row 204, p = -(207 - 204 + 1)/8 = -0.5: 0.8482836/0.9866143 = 0.8597926; window 300..400 missed: -1;
        //    row 500, d = (500 - 400)/100 = 1: 0.11 · -0.9866143 = -0.1085276.
        // b: window missed: -1; row 100 before the window (after probation 90): -0.11.
        // c: row 200, no window in the file: -0.11.
        Assert.Equal(0.8597926 - 1.0 - 0.1085276 - 1.0 - 0.11 - 0.11, result.RawScore, 6);
    }

    [Fact]
    public void FindOptimalThreshold_SyntheticCorpus_EqualsTheBruteForceBest()
    {
        // Scores rounded to 2 decimals (many ties), higher on average inside windows.
        var random = new Random(7);
        var evaluation = new NabEvaluation(Corpus((f, row) =>
        {
            var inWindow = Layout[f].Windows.Any(window => window.Contains(At(row)));
            var value = inWindow ? 0.4 + (0.6 * random.NextDouble()) : random.NextDouble() * random.NextDouble();
            return Math.Round(value, 2);
        }));
        var candidates = evaluation.Files
            .SelectMany(file => file.Scores.Skip(NabScorer.GetProbationLength(file.Scores.Count)))
            .Append(NabEvaluation.NoAlertsThreshold)
            .Distinct()
            .OrderDescending()
            .ToArray();

        foreach (var profile in NabProfile.All)
        {
            var (threshold, raw) = evaluation.FindOptimalThreshold(profile);

            // Brute force: score the corpus from scratch at every candidate; the best raw score, highest threshold on a tie.
            var bruteForce = candidates.Select(candidate => (Threshold: candidate, Raw: evaluation.ScoreAt(profile, candidate).RawScore)).ToArray();
            var bestRaw = bruteForce.Max(point => point.Raw);
            var bestThreshold = bruteForce.First(point => point.Raw >= bestRaw - 1e-9).Threshold;

            Assert.Equal(bestThreshold, threshold);
            Assert.Equal(bestRaw, raw, 9);
            Assert.Equal(bestRaw, evaluation.Optimise(profile).RawScore, 9);
            Assert.True(threshold < NabEvaluation.NoAlertsThreshold, $"{profile.Name}: the optimum should alert somewhere");

            // No threshold at all, candidate or not, does better.
            for (var other = 0.0; other <= 1.0; other += 0.005)
            {
                Assert.True(evaluation.ScoreAt(profile, other).RawScore <= raw + 1e-9, $"{profile.Name}: threshold {other} beats the optimum");
            }
        }
    }

    [Fact]
    public void FindOptimalThreshold_TiedTotals_KeepsTheHigherThreshold()
    {
        // Left edges score 0.9, the rows just after them 0.8: lowering the threshold to 0.8 only adds later alerts
        // in detected windows, which change nothing, so 0.9 and 0.8 tie and 0.9 is kept.
        var evaluation = new NabEvaluation(Corpus((f, row) => (f, row) switch
        {
            (0, 200) or (0, 300) or (1, 300) => 0.9,
            (0, 201) or (0, 301) or (1, 301) => 0.8,
            _ => 0.0,
        }));

        Assert.Equal(0.9, evaluation.FindOptimalThreshold(NabProfile.Standard).Threshold);
    }

    [Fact]
    public void Constructor_DuplicateFile_Throws()
    {
        var files = Corpus((_, _) => 0.0);

        var exception = Assert.Throws<ArgumentException>(() => new NabEvaluation([files[0], files[0]]));

        Assert.Contains("a.csv", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NoScoredWindow_Throws()
    {
        var file = new NabScoredFile("c.csv", Timestamps(400), [], new double[400]);

        Assert.Throws<ArgumentException>(() => new NabEvaluation([file]));
    }

    [Fact]
    public void NabScoredFile_ScoreOutsideZeroToOne_ThrowsNamingFileAndRow()
    {
        var scores = new double[10];
        scores[3] = double.NaN;

        var exception = Assert.Throws<ArgumentException>(() => new NabScoredFile("x.csv", Timestamps(10), [], scores));

        Assert.Contains("x.csv", exception.Message, StringComparison.Ordinal);
        Assert.Contains("row 3", exception.Message, StringComparison.Ordinal);
    }
}
