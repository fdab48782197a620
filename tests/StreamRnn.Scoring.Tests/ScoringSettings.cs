namespace StreamRnn.Scoring.Tests;

/// <summary>
/// Settings for the tests, built explicitly (the records have no defaults of their own). <see cref="Sensor"/> is what a
/// silo's sensor scores with; the standalone detectors' settings are the values their tests were written for.
/// </summary>
internal static class ScoringSettings
{
    /// <summary>A silo sensor's scorer settings, from <see cref="SensorOptions"/>' defaults.</summary>
    public static SensorScorerSettings Sensor { get; } = new SensorOptions().ToScorerSettings();

    /// <summary>Numenta's averaging window (10) and a 2,000-average memory.</summary>
    public static AnomalyLikelihoodSettings Likelihood { get; } = new()
    {
        ShortWindow = 10,
        Memory = 2_000,
        LearningPeriod = 300,
        ProbationPeriod = 50,
        MinimumRelativeDeviation = 0.1,
        MinimumDeviation = 1e-12,
        AlertThreshold = 0.9,
    };

    /// <summary>A quick spike detector: 6 σ over the last 100 readings, after 50.</summary>
    public static SpikeDetectorSettings Spike { get; } = new()
    {
        Deviations = 6,
        Memory = 100,
        LearningPeriod = 50,
        MinimumRelativeDeviation = 1e-3,
        MinimumDeviation = 1e-9,
    };

    /// <summary>A quick learnt rate band: 6 σ over the last 100 rates, after 50; no fixed limit.</summary>
    public static RateOfChangeDetectorSettings RateOfChange { get; } = new()
    {
        MaxRatePerSecond = null,
        Deviations = 6,
        Memory = 100,
        LearningPeriod = 50,
        MinimumRelativeDeviation = 1e-3,
        MinimumDeviation = 1e-9,
    };

    /// <summary>Thresholds for <see cref="AnomalyLikelihoodResult.LogLikelihood"/>: 0.9 to start, 0.5 to go on.</summary>
    public static AlertDebouncerSettings Debouncer { get; } = new()
    {
        Threshold = 0.9,
        ClearThreshold = 0.5,
        QuietReadings = 10,
        UpdateEvery = 10,
        MinimumStartGap = 1,
    };

    /// <summary>One slot per hour of the day, as a sensor's.</summary>
    public static SeasonalProfileSettings Day => Sensor.Seasonal;

    /// <summary>One slot per hour of the week, as a sensor's.</summary>
    public static SeasonalProfileSettings Week => Sensor.WeeklySeasonal!;

    /// <summary>The time-of-day spread, as a sensor's.</summary>
    public static SeasonalSpreadSettings Spread => Sensor.SeasonalSpread!;

    /// <summary>A dropout after 5 usual intervals, learnt over 20 gaps, remembering 100.</summary>
    public static EventTimeDropoutDetectorSettings Dropout { get; } = new() { Intervals = 5, Memory = 100, LearningPeriod = 20 };
}
