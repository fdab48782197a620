namespace StreamRnn.Scoring;

/// <summary>
/// Parameters of <see cref="RateOfChangeDetector"/>. With <see cref="MaxRatePerSecond"/> set, that fixed
/// limit decides; left null, the band is learnt from the sensor's own rates and the defaults work untuned.
/// </summary>
public sealed record RateOfChangeDetectorSettings
{
    private const double DefaultDeviations = 6;
    private const int DefaultMemory = 100;
    private const int DefaultLearningPeriod = 50;
    private const double DefaultMinimumRelativeDeviation = 1e-3;
    private const double DefaultMinimumDeviation = 1e-9;

    /// <summary>The settings with every default (a learnt band, no fixed limit).</summary>
    public static RateOfChangeDetectorSettings Default { get; } = new();

    /// <summary>A fixed limit on |Δvalue| / Δt, in the sensor's unit per second; null (the default) learns a band instead.</summary>
    public double? MaxRatePerSecond { get; init; }

    /// <summary>With no fixed limit, a rate this many standard deviations from the recent mean rate fires (k). Default 6; more than 0.</summary>
    public double Deviations { get; init; } = DefaultDeviations;

    /// <summary>Rates the recent mean and variance remember. Default 100; at least 2.</summary>
    public int Memory { get; init; } = DefaultMemory;

    /// <summary>With no fixed limit, rates learnt before anything fires. Default 50; at least 2.</summary>
    public int LearningPeriod { get; init; } = DefaultLearningPeriod;

    /// <summary>The standard deviation of rates is never taken below this fraction of the mean rate's magnitude. Default 0.001.</summary>
    public double MinimumRelativeDeviation { get; init; } = DefaultMinimumRelativeDeviation;

    /// <summary>The standard deviation of rates is never taken below this, in the sensor's unit per second. Default 1e-9; more than 0.</summary>
    public double MinimumDeviation { get; init; } = DefaultMinimumDeviation;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (MaxRatePerSecond is { } limit)
        {
            SettingsGuard.ThrowIfNotPositiveFinite(limit, nameof(MaxRatePerSecond));
        }

        SettingsGuard.ThrowIfNotPositiveFinite(Deviations, nameof(Deviations));
        ArgumentOutOfRangeException.ThrowIfLessThan(Memory, 2, nameof(Memory));
        ArgumentOutOfRangeException.ThrowIfLessThan(LearningPeriod, 2, nameof(LearningPeriod));
        SettingsGuard.ThrowIfNegativeOrNotFinite(MinimumRelativeDeviation, nameof(MinimumRelativeDeviation));
        SettingsGuard.ThrowIfNotPositiveFinite(MinimumDeviation, nameof(MinimumDeviation));
    }
}
