namespace StreamRnn.Scoring.Tests;

public sealed class SensorOptionsTests
{
    [Fact]
    public void Debouncer_OneSettingsObject_OneDebouncerForEverySensorAndACopyGetsItsOwn()
    {
        var settings = new SensorOptions().ToScorerSettings();
        var copy = settings with { Threshold = 0.7 };

        Assert.Same(settings.Debouncer, settings.Debouncer);
        Assert.Equal(0.7, copy.Debouncer.Threshold);
        Assert.Equal(0.5, settings.Debouncer.Threshold);
    }

    [Fact]
    public void ToScorerSettings_Defaults_AreTheSilosDocumentedValues()
    {
        // SensorOptions is the one home of the scoring defaults: the silo, offline scoring and eval all build from it.
        var settings = new SensorOptions().ToScorerSettings();

        Assert.Equal((20, 5_000, 300, 50), (settings.Likelihood.ShortWindow, settings.Likelihood.Memory, settings.Likelihood.LearningPeriod, settings.Likelihood.ProbationPeriod));
        Assert.Equal((8.0, 1_000, 300), (settings.Spike.Deviations, settings.Spike.Memory, settings.Spike.LearningPeriod));
        Assert.Equal((8.0, 1_000, 300), (settings.RateOfChange.Deviations, settings.RateOfChange.Memory, settings.RateOfChange.LearningPeriod));
        Assert.Null(settings.RateOfChange.MaxRatePerSecond);
        Assert.Equal((0.5, 0.25, 10, 10, 300), (settings.Debouncer.Threshold, settings.Debouncer.ClearThreshold, settings.Debouncer.QuietReadings, settings.Debouncer.UpdateEvery, settings.Debouncer.MinimumStartGap));
        Assert.Equal((false, 24), (settings.Seasonal.Week, settings.Seasonal.Buckets));
        Assert.Equal((true, 168), (settings.WeeklySeasonal!.Week, settings.WeeklySeasonal.Buckets));
        Assert.Equal((0.15, 0.5, 2_000), (settings.SeasonalSpread!.Adaptation, settings.SeasonalSpread.Floor, settings.SeasonalSpread.OverallMemory));
        Assert.Equal(6, settings.DirectionalSurpriseScale);
        Assert.Equal(600, settings.DirectionalLearningReadings);
        Assert.Equal(5, settings.SurpriseScale);
        Assert.Equal(RangeDetectorSettings.Unbounded, settings.Range);
        Assert.Equal((0.1, 600, 50_000, 1.5), (settings.Novelty!.Scale, settings.Novelty.LearningReadings, settings.Novelty.Memory, settings.Novelty.ErrorAllowance));
    }

    [Fact]
    public void ToScorerSettings_NoveltyScaleZero_LeavesTheRangeSeenOutOfTheScorer() =>
        Assert.Null(new SensorOptions { NoveltyScale = 0 }.ToScorerSettings().Novelty);

    [Theory]
    [InlineData(-0.01, false)]
    [InlineData(0.0, true)] // off
    [InlineData(0.5, true)]
    [InlineData(double.NaN, false)]
    public void NoveltyScale_NegativeOrNotANumber_FailsValidationNamingIt(double scale, bool valid)
    {
        AssertValidationAgreesWithTheScorer(new SensorOptions { NoveltyScale = scale }, valid, nameof(SensorOptions.NoveltyScale));
    }

    [Fact]
    public void ToScorerSettings_SpreadAndDirectionalErrorsOff_LeaveThemOutOfTheScorer()
    {
        var settings = new SensorOptions { SeasonalSpread = false, DirectionalErrors = false }.ToScorerSettings();

        Assert.Null(settings.SeasonalSpread);
        Assert.Null(settings.DirectionalSurpriseScale);
    }

    [Theory]
    [InlineData(0.0039, false)] // below 1/255: a slot's visits stop counting at 255 before its weight would reach it
    [InlineData(0.004, true)]
    public void SpreadAdaptation_BelowWhatASlotsCountReaches_FailsValidationNamingIt(double adaptation, bool valid)
    {
        AssertValidationAgreesWithTheScorer(new SensorOptions { SpreadAdaptation = adaptation }, valid, nameof(SensorOptions.SpreadAdaptation));
    }

    [Theory]
    [InlineData(-0.01, false)]
    [InlineData(0.0, true)] // the gap alone
    [InlineData(1.0, true)]
    [InlineData(1.01, false)]
    public void EventGapFraction_OutsideZeroToOne_FailsValidationNamingIt(double fraction, bool valid)
    {
        AssertValidationAgreesWithTheScorer(new SensorOptions { EventGapFraction = fraction }, valid, nameof(SensorOptions.EventGapFraction));
    }

    /// <summary>
    /// Validation passes <paramref name="options"/> or fails naming only <paramref name="member"/>, as <paramref name="valid"/>
    /// says; and the scorer's own settings agree with the option's range: what validation lets through, they take.
    /// </summary>
    private static void AssertValidationAgreesWithTheScorer(SensorOptions options, bool valid, string member)
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        var passed = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);

        Assert.Equal(valid, passed);
        Assert.Equal(valid ? [] : [member], results.SelectMany(result => result.MemberNames));
        var built = Record.Exception(() => options.ToPipelineSettings(trainingWindows: null));
        Assert.Equal(valid, built is null);
    }

    [Fact]
    public void ToPipelineSettings_OptionsOutOfTheScorersRange_ThrowsWhenBuilt()
    {
        var options = new SensorOptions { MinValue = double.NaN };

        Assert.Throws<ArgumentOutOfRangeException>(() => options.ToPipelineSettings(trainingWindows: null));
    }

    [Fact]
    public void ToPipelineSettings_Defaults_CarryTheSensorsOwnSettings()
    {
        var options = new SensorOptions();
        var windows = new TrainingWindowSettings { Steps = 64, GuardReadings = 16 };

        var settings = options.ToPipelineSettings(windows);

        Assert.Equal(options.ToScorerSettings(), settings.Scorer);
        Assert.Equal((300, 12, 64, 5), (settings.LearningReadings, settings.StuckReadings, settings.WindowSize, settings.DropoutIntervals));
        Assert.Equal(TimeSpan.FromSeconds(2), settings.MinimumDropoutSilence);
        Assert.Same(windows, settings.TrainingWindows);
        Assert.Equal((TimeSpan.FromMinutes(5), 3), (settings.ReferenceCadence, settings.ScaledAveragingFloor));
    }

    [Fact]
    public void ToPipelineSettings_ConstantsChosenOnNab_AreSettingsThatReachTheScorer()
    {
        // eval protocol halves and doubles these: each must reach the pipeline it configures.
        var options = new SensorOptions { SpreadAdaptation = 0.3, SpreadFloor = 0.25, SpreadMemory = 4_000, DirectionalSurpriseScale = 12, ScaledAveragingFloor = 6 };

        var settings = options.ToPipelineSettings(trainingWindows: null);

        Assert.Equal(new SeasonalSpreadSettings { Adaptation = 0.3, Floor = 0.25, OverallMemory = 4_000 }, settings.Scorer.SeasonalSpread);
        Assert.Equal((12.0, 6), (settings.Scorer.DirectionalSurpriseScale, settings.ScaledAveragingFloor));
    }
}
