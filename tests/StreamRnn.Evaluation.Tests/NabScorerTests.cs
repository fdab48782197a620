using static StreamRnn.Evaluation.Tests.SyntheticSeries;

namespace StreamRnn.Evaluation.Tests;

/// <summary>
/// One synthetic file of 1000 rows: probation = min(floor(0.15 · 1000), 750) = 150 rows (0..149).
/// Window A covers rows 200..207 (w = 8), window B rows 300..400 (w = 101).
/// S(-1) = 2/(1 + e^-5) - 1 = 2/1.0067379 - 1 = 0.9866143.
/// </summary>
public sealed class NabScorerTests
{
    private const int Rows = 1000;
    private const int Precision = 6;

    private static readonly NabProfile Standard = NabProfile.Standard;

    private static NabScorer TwoWindowFile() => new(Timestamps(Rows), [Window(200, 207), Window(300, 400)], "synthetic.csv");

    [Theory]
    [InlineData(1000, 150)] // floor(150.0)
    [InlineData(4032, 604)] // floor(604.8)
    [InlineData(1882, 282)] // floor(282.3)
    [InlineData(10320, 750)] // floor(1548.0) capped at 750
    [InlineData(0, 0)]
    public void GetProbationLength_FifteenPercentFloored_CappedAt750(int rows, int expected)
    {
        Assert.Equal(expected, NabScorer.GetProbationLength(rows));
    }

    [Fact]
    public void ScaledSigmoid_NabsReferencePoints_MatchScoringRules()
    {
        Assert.Equal(0.98661, NabScorer.ScaledSigmoid(-1.0), 5); // 2/(1 + e^-5) - 1
        Assert.Equal(0.84828, NabScorer.ScaledSigmoid(-0.5), 5); // 2/(1 + e^-2.5) - 1
        Assert.Equal(0.0, NabScorer.ScaledSigmoid(0.0), 15); // 2/2 - 1
        Assert.Equal(-0.98661, NabScorer.ScaledSigmoid(1.0), 5); // 2/(1 + e^5) - 1
        Assert.Equal(-0.9999994, NabScorer.ScaledSigmoid(3.0), 7); // p = 3 is not yet "> 3": 2/(1 + e^15) - 1
        Assert.Equal(-1.0, NabScorer.ScaledSigmoid(3.000001));
        Assert.Equal(-1.0, NabScorer.ScaledSigmoid(1e6));
    }

    [Fact]
    public void Constructor_WindowEdgesBetweenRows_MapsToTheRowsInsideInclusive()
    {
        var scorer = new NabScorer(
            Timestamps(Rows),
            [
                Window(200, 207),
                new NabWindow(At(299).AddMinutes(1), At(400).AddMinutes(4)), // (row 299, row 300) .. (row 400, row 401)
                new NabWindow(At(500), At(500)),
            ]);

        Assert.Equal([new NabWindowRows(200, 207), new NabWindowRows(300, 400), new NabWindowRows(500, 500)], scorer.WindowRows);
        Assert.Equal(8, scorer.WindowRows[0].Width);
        Assert.Equal(1, scorer.WindowRows[2].Width);
        Assert.Equal(150, scorer.ProbationLength);
        Assert.Equal(3, scorer.ScoredWindowCount);
    }

    [Fact]
    public void Constructor_RepeatedOrBackwardTimestamps_MapsWindowsByAForwardScan()
    {
        // Rows 0..9 are stamped 0..9, then the clock steps back: rows 10..19 are stamped 5..14; row 20 repeats 14.
        DateTime[] timestamps = [.. Enumerable.Range(0, 10).Select(At), .. Enumerable.Range(5, 10).Select(At), At(14)];

        var scorer = new NabScorer(timestamps, [Window(7, 8), Window(12, 14)]);

        // Window 0 takes rows 7..8 (stamped 7, 8); window 1 scans on from row 9 and takes rows 17..20 (12, 13, 14, 14).
        Assert.Equal([new NabWindowRows(7, 8), new NabWindowRows(17, 20)], scorer.WindowRows);
    }

    [Fact]
    public void Score_NoAlerts_EachWindowCostsTheFalseNegativeWeight()
    {
        var scorer = TwoWindowFile();
        var none = new bool[Rows];

        var standard = scorer.Score(none, Standard);
        var lowFalseNegatives = scorer.Score(none, NabProfile.RewardLowFalseNegatives);

        Assert.Equal(-2.0, standard.RawScore); // 2 windows · -A_FN(1)
        Assert.Equal(2, standard.FalseNegativeWindows);
        Assert.Equal(0, standard.TruePositiveWindows);
        Assert.Equal(-4.0, lowFalseNegatives.RawScore); // 2 windows · -A_FN(2)
    }

    [Fact]
    public void Score_AlertAtWindowLeftEdge_EarnsTruePositiveWeightExactly()
    {
        var score = TwoWindowFile().Score(Alerts(Rows, 200), Standard);

        // p = -(207 - 200 + 1)/8 = -1, so A_TP · S(-1)/S(-1) = 1; window B is missed: -1.
        Assert.Equal(1.0, score.TruePositiveScore, 15);
        Assert.Equal(1, score.TruePositiveWindows);
        Assert.Equal(1, score.FalseNegativeWindows);
        Assert.Equal(0.0, score.RawScore, 15);
    }

    [Fact]
    public void Score_AlertAtThreeQuartersOfTheWindow_EarnsTheScaledSigmoidShare()
    {
        var score = TwoWindowFile().Score(Alerts(Rows, 206), Standard);

        // Row 206 is 6/8 of the way into rows 200..207: p = -(207 - 206 + 1)/8 = -0.25.
        // S(-0.25) = 2/(1 + e^-1.25) - 1 = 2/1.2865048 - 1 = 0.5545997; / S(-1) 0.9866143 = 0.5621241.
        Assert.Equal(0.5621241, score.TruePositiveScore, Precision);
        Assert.Equal(0.5621241 - 1.0, score.RawScore, Precision);
    }

    [Fact]
    public void Score_SecondAlertInTheSameWindow_AddsNothing()
    {
        var scorer = TwoWindowFile();

        var first = scorer.Score(Alerts(Rows, 200), Standard);
        var more = scorer.Score(Alerts(Rows, 200, 203, 207), Standard);
        var late = scorer.Score(Alerts(Rows, 206), Standard);
        var lateThenLater = scorer.Score(Alerts(Rows, 206, 207), Standard);

        Assert.Equal(first, more); // same raw score, one TP window, no FP row
        Assert.Equal(late, lateThenLater); // the earliest alert is the one that counts
    }

    [Fact]
    public void Score_FalsePositiveJustAfterWideWindow_CostsAlmostNothing()
    {
        var score = TwoWindowFile().Score(Alerts(Rows, 401), Standard);

        // d = (401 - 400)/(101 - 1) = 0.01; S(0.01) = 2/(1 + e^0.05) - 1 = 2/2.0512711 - 1 = -0.0249948;
        // A_FP · S(d) = 0.11 · -0.0249948 = -0.0027494.
        Assert.Equal(1, score.FalsePositiveRows);
        Assert.Equal(-0.0027494, score.FalsePositiveScore, Precision);
        Assert.Equal(-2.0 - 0.0027494, score.RawScore, Precision);
        Assert.Equal(-0.0027494, TwoWindowFile().RowScore(401, Standard), Precision);
    }

    [Fact]
    public void Score_FalsePositiveOneWindowWidthAfterWindow_CostsNearlyTheFullWeight()
    {
        var score = TwoWindowFile().Score(Alerts(Rows, 500), Standard);

        // d = (500 - 400)/100 = 1; S(1) = 2/(1 + e^5) - 1 = -0.9866143; 0.11 · -0.9866143 = -0.1085276.
        Assert.Equal(-0.1085276, score.FalsePositiveScore, Precision);
    }

    [Fact]
    public void Score_FalsePositiveMoreThanThreeWidthsAfterWindow_CostsTheFullWeight()
    {
        var scorer = TwoWindowFile();

        // d = (701 - 400)/100 = 3.01 > 3, so S = -1 and the cost is A_FP · -1.
        Assert.Equal(-0.11, scorer.Score(Alerts(Rows, 701), Standard).FalsePositiveScore, 15);
        Assert.Equal(-0.22, scorer.Score(Alerts(Rows, 701), NabProfile.RewardLowFalsePositives).FalsePositiveScore, 15);
    }

    [Fact]
    public void Score_FalsePositiveBeforeTheFirstWindow_CostsTheFullWeight()
    {
        var score = TwoWindowFile().Score(Alerts(Rows, 160), Standard);

        // Row 160 is after probation (150) and before window A: -A_FP = -0.11.
        Assert.Equal(1, score.FalsePositiveRows);
        Assert.Equal(-0.11, score.FalsePositiveScore, 15);
        Assert.Equal(-2.11, score.RawScore, 12);
    }

    [Fact]
    public void Score_FalsePositiveEveryAlertedRow_PaysForEachRow()
    {
        var score = TwoWindowFile().Score(Alerts(Rows, 160, 161, 162), Standard);

        Assert.Equal(3, score.FalsePositiveRows);
        Assert.Equal(-0.33, score.FalsePositiveScore, 12); // 3 · -0.11
    }

    [Fact]
    public void Score_AlertsInsideProbation_EarnAndCostNothing()
    {
        var scorer = TwoWindowFile();

        var score = scorer.Score(Alerts(Rows, 0, 10, 149), Standard);

        Assert.Equal(scorer.Score(new bool[Rows], Standard), score);
        Assert.Equal(0, score.FalsePositiveRows);
        Assert.Equal(0.0, scorer.RowScore(10, Standard));
    }

    [Fact]
    public void Score_WindowPartlyInProbation_ScoresOnlyAlertsAfterProbationAtTheirPositionInTheWholeWindow()
    {
        // Window rows 140..159 (w = 20) straddles the end of probation (row 150).
        var scorer = new NabScorer(Timestamps(Rows), [Window(140, 159)]);

        var inProbation = scorer.Score(Alerts(Rows, 145), Standard);
        var afterProbation = scorer.Score(Alerts(Rows, 145, 150), Standard);

        Assert.Equal(1, scorer.ScoredWindowCount);
        Assert.Equal(-1.0, inProbation.RawScore); // the alert at 145 earns nothing: still a missed window
        Assert.Equal(1, inProbation.FalseNegativeWindows);

        // Row 150: p = -(159 - 150 + 1)/20 = -0.5; S(-0.5) = 2/(1 + e^-2.5) - 1 = 0.8482836; / 0.9866143 = 0.8597926.
        Assert.Equal(0.8597926, afterProbation.RawScore, Precision);
        Assert.Equal(1, afterProbation.TruePositiveWindows);
    }

    [Fact]
    public void Score_WindowEntirelyInProbation_IsNeitherTruePositiveNorFalseNegative()
    {
        // Window rows 120..139 (w = 20) ends before probation does (row 150).
        var scorer = new NabScorer(Timestamps(Rows), [Window(120, 139)]);

        var none = scorer.Score(new bool[Rows], Standard);
        var afterIt = scorer.Score(Alerts(Rows, 150), Standard);

        Assert.Equal(0, scorer.ScoredWindowCount);
        Assert.Equal(0.0, none.RawScore);
        Assert.Equal(0, none.FalseNegativeWindows);

        // It is still the previous window of the false positive at 150 (as in NAB):
        // d = (150 - 139)/(20 - 1) = 0.5789474; S(d) = 2/(1 + e^2.8947368) - 1 = -0.8951713; 0.11 · S = -0.0984688.
        Assert.Equal(-0.0984688, afterIt.RawScore, Precision);
    }

    [Fact]
    public void Score_FalsePositiveAfterOneRowWindow_CostsTheFullWeight()
    {
        // w_prev - 1 = 0 would divide by zero (NAB itself fails there): taken as far from the window, S = -1.
        var scorer = new NabScorer(Timestamps(Rows), [Window(300, 300)]);

        var score = scorer.Score(Alerts(Rows, 300, 301), Standard);

        Assert.Equal(1.0, score.TruePositiveScore, 15); // a one-row window's only row is its left edge
        Assert.Equal(-0.11, score.FalsePositiveScore, 15);
    }

    [Fact]
    public void Score_ScoresAndThreshold_AlertAtOrAboveTheThreshold()
    {
        var scorer = TwoWindowFile();
        var scores = new double[Rows];
        scores[200] = 0.5;
        scores[401] = 0.4999;

        var score = scorer.Score(scores, 0.5, Standard);

        Assert.Equal(scorer.Score(Alerts(Rows, 200), Standard), score);
    }

    [Fact]
    public void Score_AlertsOfTheWrongLength_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => TwoWindowFile().Score(new bool[Rows - 1], Standard));

        Assert.Contains("synthetic.csv", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_WindowCoveringNoRow_ThrowsNamingTheFile()
    {
        var exception = Assert.Throws<ArgumentException>(() =>
            new NabScorer(Timestamps(10), [new NabWindow(At(20), At(30))], "late.csv"));

        Assert.Contains("late.csv", exception.Message, StringComparison.Ordinal);
        Assert.Contains("covers no row", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_OverlappingWindows_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() =>
            new NabScorer(Timestamps(Rows), [Window(200, 210), Window(210, 220)], "overlap.csv"));

        Assert.Contains("overlap.csv", exception.Message, StringComparison.Ordinal);
    }
}
