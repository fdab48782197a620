using StreamRnn.Scoring;

namespace StreamRnn.Scoring.Tests;

public sealed class AnomalyLikelihoodTests
{
    private static readonly AnomalyLikelihoodSettings Settings = ScoringSettings.Likelihood;

    private static AnomalyLikelihoodState Learnt(Random random, int readings, double scale = 1)
    {
        var state = AnomalyLikelihoodState.Empty;
        for (var i = 0; i < readings; i++)
        {
            (_, state) = AnomalyLikelihood.Update(state, scale * Math.Abs(ScoringSeries.Gaussian(random)), Settings);
        }

        return state;
    }

    [Fact]
    public void Settings_TestSettings_AreValidAndDocumented()
    {
        Settings.Validate();
        Assert.Equal(10, Settings.ShortWindow);
        Assert.Equal(2_000, Settings.Memory);
        Assert.Equal(300, Settings.LearningPeriod);
        Assert.Equal(50, Settings.ProbationPeriod);
        Assert.Equal(0.9, Settings.AlertThreshold);
    }

    [Theory]
    [InlineData(0, 2_000, 300, 50, 0.9)]
    [InlineData(10, 1, 300, 50, 0.9)]
    [InlineData(10, 2_000, 10, 50, 0.9)]
    [InlineData(10, 2_000, 300, 9, 0.9)]
    [InlineData(10, 2_000, 300, 50, 0)]
    [InlineData(10, 2_000, 300, 50, 1.5)]
    public void Validate_OutOfRangeSetting_Throws(int shortWindow, int memory, int learningPeriod, int probationPeriod, double alertThreshold)
    {
        var settings = ScoringSettings.Likelihood with
        {
            ShortWindow = shortWindow,
            Memory = memory,
            LearningPeriod = learningPeriod,
            ProbationPeriod = probationPeriod,
            AlertThreshold = alertThreshold,
        };

        Assert.Throws<ArgumentOutOfRangeException>(settings.Validate);
    }

    [Fact]
    public void Validate_ZeroMinimumDeviation_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>((ScoringSettings.Likelihood with { MinimumDeviation = 0 }).Validate);

    [Theory]
    [InlineData(0.5, 0.0301)]
    [InlineData(0.99999, 0.5)]
    [InlineData(0.999999999, 0.896)]
    [InlineData(0.9999999991, 0.9)]
    [InlineData(1, 1)]
    [InlineData(0, 0)]
    public void LogLikelihood_KnownLikelihoods_MatchNumentaScale(double likelihood, double expected) =>
        Assert.Equal(expected, AnomalyLikelihood.LogLikelihood(likelihood), 3);

    [Fact]
    public void Update_DuringLearningPeriod_ReportsHalfAndNeverAlerts()
    {
        var state = AnomalyLikelihoodState.Empty;
        for (var i = 0; i < Settings.LearningPeriod; i++)
        {
            (var result, state) = AnomalyLikelihood.Update(state, i % 7 == 0 ? 1_000 : 0.1, Settings);
            Assert.Equal(0.5, result.Likelihood);
            Assert.True(result.Learning);
            Assert.False(result.IsAlert);
        }

        var (after, _) = AnomalyLikelihood.Update(state, 0.1, Settings);
        Assert.False(after.Learning);
    }

    /// <remarks>
    /// Over 1,000 other seeds, 1 run in 1,000 reached the default threshold of 0.9 somewhere in its
    /// 10,000 readings (the median run's maximum was 0.49, the 99th percentile 0.75), where Numenta's 0.5
    /// was reached in 47 %.
    /// </remarks>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Update_StationaryGaussianErrors_StayBelowTheAlertThresholdFor10000Readings(int seed)
    {
        var random = new Random(seed);
        var state = Learnt(random, Settings.LearningPeriod);
        var maxLikelihood = 0.0;
        var maxLogLikelihood = 0.0;
        for (var i = 0; i < 10_000; i++)
        {
            (var result, state) = AnomalyLikelihood.Update(state, Math.Abs(ScoringSeries.Gaussian(random)), Settings);
            Assert.False(result.Learning);
            Assert.InRange(result.Likelihood, 0, 1);
            Assert.InRange(result.LogLikelihood, 0, 1);
            maxLikelihood = Math.Max(maxLikelihood, result.Likelihood);
            maxLogLikelihood = Math.Max(maxLogLikelihood, result.LogLikelihood);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"seed {seed}: max likelihood {maxLikelihood:R}, max log-likelihood {maxLogLikelihood:R}");
        Assert.True(maxLogLikelihood < Settings.AlertThreshold, $"max log-likelihood {maxLogLikelihood:R}, likelihood {maxLikelihood:R}");
    }

    /// <remarks>
    /// Over 1,000 other seeds the first alert came on reading 4 of the jump at the median, by reading 10 in
    /// 99 % of them, and always within the 20 readings.
    /// </remarks>
    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Update_SustainedFiveFoldErrors_AlertWithinTenReadingsAndKeepAlerting(int seed)
    {
        var random = new Random(seed);
        var state = Learnt(random, 1_000);
        var alerts = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            (var result, state) = AnomalyLikelihood.Update(state, 5 * Math.Abs(ScoringSeries.Gaussian(random)), Settings);
            if (result.IsAlert)
            {
                alerts.Add(i);
            }
        }

        Assert.NotEmpty(alerts);
        TestContext.Current.TestOutputHelper?.WriteLine($"seed {seed}: first alert on reading {alerts[0] + 1} of the jump");
        Assert.True(alerts[0] < 10, $"first alert on reading {alerts[0] + 1} of the jump");
        Assert.Equal(Enumerable.Range(alerts[0], 20 - alerts[0]), alerts);
    }

    [Fact]
    public void Update_SmallerErrorsThanUsual_LikelihoodBelowHalfAndNoAlert()
    {
        var random = new Random(21);
        var state = Learnt(random, 1_000);
        for (var i = 0; i < 30; i++)
        {
            (var result, state) = AnomalyLikelihood.Update(state, 0, Settings);
            Assert.False(result.IsAlert);
            Assert.True(result.Likelihood < 0.5, $"likelihood {result.Likelihood}");
        }
    }

    [Fact]
    public void Update_NonFiniteError_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AnomalyLikelihood.Update(AnomalyLikelihoodState.Empty, double.NaN, Settings));
        Assert.Throws<ArgumentOutOfRangeException>(() => AnomalyLikelihood.Update(AnomalyLikelihoodState.Empty, double.PositiveInfinity, Settings));
    }

    [Fact]
    public void Update_ManyReadings_StateStaysBounded()
    {
        var state = Learnt(new Random(31), 5_000);
        Assert.Equal(5_000, state.Readings);
        Assert.Equal(Settings.ShortWindow, state.Recent.Length);
    }

    [Fact]
    public void StartProbation_SwitchToWorseModel_SuppressesThenResumes()
    {
        var random = new Random(41);
        var learnt = Learnt(random, 1_000);

        // Without a probation, the new model's threefold errors alert.
        var control = learnt;
        var controlAlerts = 0;
        var controlRandom = new Random(42);
        for (var i = 0; i < Settings.ProbationPeriod; i++)
        {
            (var result, control) = AnomalyLikelihood.Update(control, 3 * Math.Abs(ScoringSeries.Gaussian(controlRandom)), Settings);
            controlAlerts += result.IsAlert ? 1 : 0;
        }

        Assert.True(controlAlerts > 0, "the control saw no alert");

        var state = AnomalyLikelihood.StartProbation(learnt, Settings);
        Assert.Empty(state.Recent);
        Assert.Equal(Settings.ProbationPeriod, state.ProbationRemaining);
        var probationRandom = new Random(42);
        for (var i = 0; i < Settings.ProbationPeriod; i++)
        {
            (var result, state) = AnomalyLikelihood.Update(state, 3 * Math.Abs(ScoringSeries.Gaussian(probationRandom)), Settings);
            Assert.True(result.Learning);
            Assert.Equal(0.5, result.Likelihood);
            Assert.False(result.IsAlert);
        }

        // After the probation, the worse model's errors are the new normal ...
        for (var i = 0; i < 2_000; i++)
        {
            (var result, state) = AnomalyLikelihood.Update(state, 3 * Math.Abs(ScoringSeries.Gaussian(probationRandom)), Settings);
            Assert.False(result.Learning);
            Assert.False(result.IsAlert, $"reading {i} after the probation alerted: {result.LogLikelihood}");
        }

        // ... and a failure on top of them alerts again.
        var first = -1;
        for (var i = 0; i < 20 && first < 0; i++)
        {
            (var result, state) = AnomalyLikelihood.Update(state, 15 * Math.Abs(ScoringSeries.Gaussian(probationRandom)), Settings);
            first = result.IsAlert ? i : -1;
        }

        Assert.InRange(first, 0, 4);
    }

    [Fact]
    public void StartProbation_ModelThatErrsAsTheOldOne_KeepsTheDistributionWholeAndScoresAsWithoutASwitch()
    {
        var learnt = Learnt(new Random(43), 3_000);

        var switched = AnomalyLikelihood.StartProbation(learnt, Settings, errorRatio: 1.1);
        Assert.Equal(learnt.Averages, switched.Averages);

        // The same errors to both: once the probation is over, the switched sensor judges them as the one that never
        // switched does.
        var unswitched = learnt.Copy();
        var random = new Random(44);
        var largest = 0.0;
        for (var i = 0; i < 2_000; i++)
        {
            var error = Math.Abs(ScoringSeries.Gaussian(random));
            var kept = AnomalyLikelihood.Advance(unswitched, error, Settings);
            var carried = AnomalyLikelihood.Advance(switched, error, Settings);
            if (i >= Settings.ProbationPeriod)
            {
                largest = Math.Max(largest, Math.Abs(kept.StandardScore - carried.StandardScore));
            }
        }

        Assert.InRange(largest, 0, 0.05);
    }

    [Fact]
    public void StartProbation_ModelThatErrsThreeTimesAsMuch_RescalesTheDistributionAndKeepsItOnlyAsAPrior()
    {
        var learnt = Learnt(new Random(45), 3_000);

        var switched = AnomalyLikelihood.StartProbation(learnt, Settings, errorRatio: 3);

        Assert.Equal(Settings.ProbationPeriod, switched.Averages.Count);
        Assert.Equal(learnt.Averages.Mean * 3, switched.Averages.Mean, 12);
        Assert.Equal(learnt.Averages.Variance * 9, switched.Averages.Variance, 12);
        Assert.Empty(switched.Recent);
        Assert.Equal(Settings.ProbationPeriod, switched.ProbationRemaining);
    }

    [Fact]
    public void StartProbation_MeasuredWorseModel_RaisesNoAlertAndAFailureOnTopStillAlerts()
    {
        var state = AnomalyLikelihood.StartProbation(Learnt(new Random(46), 1_000), Settings, errorRatio: 3);
        var random = new Random(47);
        for (var i = 0; i < 2_000; i++)
        {
            (var result, state) = AnomalyLikelihood.Update(state, 3 * Math.Abs(ScoringSeries.Gaussian(random)), Settings);
            Assert.False(result.IsAlert, $"reading {i} after the switch alerted: {result.LogLikelihood}");
        }

        var first = -1;
        for (var i = 0; i < 20 && first < 0; i++)
        {
            (var result, state) = AnomalyLikelihood.Update(state, 15 * Math.Abs(ScoringSeries.Gaussian(random)), Settings);
            first = result.IsAlert ? i : -1;
        }

        // Within one averaging window of the failure's start.
        Assert.InRange(first, 0, Settings.ShortWindow - 1);
    }

    [Fact]
    public void Switch_ModelThatErrsAlike_TakesOverAtOnceWithItsOwnRecentErrors()
    {
        var learnt = Learnt(new Random(50), 3_000);
        double[] newErrors = [.. Enumerable.Range(0, 25).Select(i => i % 2 == 0 ? 0.5 + (i / 100.0) : -0.5)];

        var switched = AnomalyLikelihood.Switch(learnt, Settings, errorRatio: 0.95, newErrors);

        Assert.Equal(0, switched.ProbationRemaining);
        Assert.Equal(learnt.Averages, switched.Averages);
        Assert.Equal(newErrors[^Settings.ShortWindow..].Select(error => (float)Math.Abs(error)), switched.Recent);
        Assert.False(AnomalyLikelihood.Advance(switched, 0.5, Settings).Learning);
    }

    [Theory]
    [InlineData(1.3)]
    [InlineData(0.7)]
    public void Switch_ModelThatErrsOtherwise_StartsAProbation(double ratio)
    {
        var learnt = Learnt(new Random(51), 3_000);

        var switched = AnomalyLikelihood.Switch(learnt, Settings, ratio, [0.5, 0.6]);

        Assert.Equal(AnomalyLikelihood.StartProbation(learnt, Settings, ratio).Averages, switched.Averages);
        Assert.Equal(Settings.ProbationPeriod, switched.ProbationRemaining);
        Assert.Empty(switched.Recent);
    }

    [Theory]
    [InlineData(0.9, true)] // a little better: kept whole, not narrowed
    [InlineData(1.2, true)] // a little worse: kept whole, not widened
    [InlineData(0.5, false)] // much better: kept only as a prior, not narrowed
    public void StartProbation_ModelWithinAQuarterOrBetter_NeitherNarrowsNorWidensTheDistribution(double ratio, bool whole)
    {
        var learnt = Learnt(new Random(49), 3_000);

        var switched = AnomalyLikelihood.StartProbation(learnt, Settings, ratio);

        Assert.Equal(learnt.Averages with { Count = whole ? learnt.Averages.Count : Settings.ProbationPeriod }, switched.Averages);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void StartProbation_ErrorRatioNotPositiveAndFinite_Throws(double ratio)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AnomalyLikelihood.StartProbation(Learnt(new Random(48), 400), Settings, ratio));
    }

    [Fact]
    public void Advance_ErrorBeyondSinglePrecision_KeptAsTheLargestItCanHoldAndStillAlerts()
    {
        // The window keeps errors in four bytes: a finite error too large for them must neither overflow to infinity
        // (which would poison the long-term moments for good) nor be lost.
        var state = Learnt(new Random(61), 3_000);

        var result = AnomalyLikelihood.Advance(state, -1e300, Settings);

        Assert.Equal(float.MaxValue, state.Recent[^1]);
        Assert.True(result.IsAlert);
        Assert.True(double.IsFinite(state.Averages.Mean) && double.IsFinite(state.Averages.Variance));
        Assert.False(AnomalyLikelihood.Advance(state, 1, Settings).Learning);
    }

    [Fact]
    public void Advance_SameErrorsAsUpdate_SameResultsInPlaceWithoutAllocatingOnceTheWindowIsFull()
    {
        var random = new Random(11);
        var errors = Enumerable.Range(0, 2_000).Select(i => Math.Abs(ScoringSeries.Gaussian(random)) * (i > 1_500 ? 6 : 1)).ToArray();
        var pure = AnomalyLikelihoodState.Empty;
        var owned = AnomalyLikelihoodState.Empty;
        var allocated = 0L;
        for (var i = 0; i < errors.Length; i++)
        {
            var before = pure;
            var kept = before.Recent;
            (var expected, pure) = AnomalyLikelihood.Update(pure, errors[i], Settings);
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var actual = AnomalyLikelihood.Advance(owned, errors[i], Settings);
            if (i > Settings.ShortWindow)
            {
                allocated += GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            }

            Assert.Equal(expected, actual);
            Assert.NotSame(before, pure);
            Assert.Same(kept, before.Recent);
        }

        Assert.Equal(pure.Recent, owned.Recent);
        Assert.Equal((pure.Readings, pure.Averages, pure.ProbationRemaining), (owned.Readings, owned.Averages, owned.ProbationRemaining));
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Advance_KeepingSigns_JudgesTheSizesAsWithoutAndKeepsTheSigns()
    {
        var random = new Random(12);
        var errors = Enumerable.Range(0, 1_000).Select(i => ScoringSeries.Gaussian(random) * (i > 900 ? 6 : 1)).ToArray();
        var sizes = AnomalyLikelihoodState.Empty;
        var signed = AnomalyLikelihoodState.Empty;
        foreach (var error in errors)
        {
            Assert.Equal(AnomalyLikelihood.Advance(sizes, error, Settings), AnomalyLikelihood.Advance(signed, error, Settings, keepSign: true));
        }

        Assert.Equal(errors[^Settings.ShortWindow..].Select(error => (float)error), signed.Recent);
        Assert.Equal(signed.Recent.ToArray().Select(Math.Abs), sizes.Recent);
    }

    [Fact]
    public void AdvanceOnAverage_AverageOfTheSameWindow_SameResultsAsAdvanceWithNoWindowKept()
    {
        var random = new Random(13);
        var windowed = AnomalyLikelihoodState.Empty;
        var keptElsewhere = AnomalyLikelihoodState.Empty;
        for (var i = 0; i < 1_000; i++)
        {
            var error = Math.Abs(ScoringSeries.Gaussian(random)) * (i > 900 ? 6 : 1);
            var expected = AnomalyLikelihood.Advance(windowed, error, Settings);
            var window = windowed.Recent;
            var actual = AnomalyLikelihood.AdvanceOnAverage(keptElsewhere, window.Average(size => (double)size), window.Length == Settings.ShortWindow, Settings);

            Assert.Equal(expected, actual);
        }

        Assert.Empty(keptElsewhere.Recent);
        Assert.Equal((windowed.Readings, windowed.Averages), (keptElsewhere.Readings, keptElsewhere.Averages));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void AdvanceOnAverage_NegativeOrNotFiniteAverage_Throws(double average) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AnomalyLikelihood.AdvanceOnAverage(AnomalyLikelihoodState.Empty, average, true, Settings));

    [Theory]
    [InlineData(0.95, true, false)] // errs alike, its errors known: takes over at once
    [InlineData(0.95, false, true)] // errors not known: a probation
    [InlineData(1.3, true, true)] // errs otherwise: a probation
    public void SwitchWithoutWindow_SameDecisionAsSwitch_NoWindowKept(double ratio, bool errorsKnown, bool probation)
    {
        var learnt = Learnt(new Random(52), 3_000);
        double[] newErrors = errorsKnown ? [0.5, -0.6, 0.4] : [];

        var switched = AnomalyLikelihood.SwitchWithoutWindow(learnt, Settings, ratio, errorsKnown);
        var withWindow = AnomalyLikelihood.Switch(learnt, Settings, ratio, newErrors);

        Assert.Equal((withWindow.Readings, withWindow.Averages, withWindow.ProbationRemaining), (switched.Readings, switched.Averages, switched.ProbationRemaining));
        Assert.Equal(probation, switched.ProbationRemaining > 0);
        Assert.Empty(switched.Recent);
    }
}
