namespace StreamRnn.Scoring.Tests;

public sealed class SensorOptionsTests
{
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
        Assert.NotNull(settings.SeasonalSpread);
        Assert.Equal(6, settings.DirectionalSurpriseScale);
        Assert.Equal(5, settings.SurpriseScale);
        Assert.Equal(RangeDetectorSettings.Unbounded, settings.Range);
    }

    [Fact]
    public void ToScorerSettings_SpreadAndDirectionalErrorsOff_LeaveThemOutOfTheScorer()
    {
        var settings = new SensorOptions { SeasonalSpread = false, DirectionalErrors = false }.ToScorerSettings();

        Assert.Null(settings.SeasonalSpread);
        Assert.Null(settings.DirectionalSurpriseScale);
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
    }
}
