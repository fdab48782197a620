namespace StreamRnn.Scoring;

/// <summary>Parameters of <see cref="SpikeDetector"/>, every one given; relative to the sensor's own values, so they work untuned in any unit.</summary>
public sealed record SpikeDetectorSettings
{
    /// <summary>A value this many standard deviations from the recent mean is a spike (k). More than 0.</summary>
    public required double Deviations { get; init; }

    /// <summary>Readings the recent mean and variance remember (<see cref="RunningMoments"/> memory). At least 2.</summary>
    public required int Memory { get; init; }

    /// <summary>Readings learnt before anything fires. At least 2.</summary>
    public required int LearningPeriod { get; init; }

    /// <summary>The standard deviation is never taken below this fraction of the recent mean's magnitude.</summary>
    public required double MinimumRelativeDeviation { get; init; }

    /// <summary>The standard deviation is never taken below this, in the sensor's unit. More than 0.</summary>
    public required double MinimumDeviation { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        SettingsGuard.ThrowIfNotPositiveFinite(Deviations, nameof(Deviations));
        ArgumentOutOfRangeException.ThrowIfLessThan(Memory, 2, nameof(Memory));
        ArgumentOutOfRangeException.ThrowIfLessThan(LearningPeriod, 2, nameof(LearningPeriod));
        SettingsGuard.ThrowIfNegativeOrNotFinite(MinimumRelativeDeviation, nameof(MinimumRelativeDeviation));
        SettingsGuard.ThrowIfNotPositiveFinite(MinimumDeviation, nameof(MinimumDeviation));
    }
}
