namespace StreamRnn.Scoring;

/// <summary>
/// Parameters of <see cref="RateOfChangeDetector"/>. With <see cref="MaxRatePerSecond"/> set, that fixed
/// limit decides; left null, the band is learnt from the sensor's own rates relative to them.
/// </summary>
public sealed record RateOfChangeDetectorSettings
{
    /// <summary>A fixed limit on |Δvalue| / Δt, in the sensor's unit per second; null learns a band instead.</summary>
    public required double? MaxRatePerSecond { get; init; }

    /// <summary>With no fixed limit, a rate this many standard deviations from the recent mean rate fires (k). More than 0.</summary>
    public required double Deviations { get; init; }

    /// <summary>Rates the recent mean and variance remember. At least 2.</summary>
    public required int Memory { get; init; }

    /// <summary>With no fixed limit, rates learnt before anything fires. At least 2.</summary>
    public required int LearningPeriod { get; init; }

    /// <summary>The standard deviation of rates is never taken below this fraction of the mean rate's magnitude.</summary>
    public required double MinimumRelativeDeviation { get; init; }

    /// <summary>The standard deviation of rates is never taken below this, in the sensor's unit per second. More than 0.</summary>
    public required double MinimumDeviation { get; init; }

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
