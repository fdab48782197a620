namespace StreamRnn.Scoring;

/// <summary>Parameters of <see cref="SpikeDetector"/>; the defaults work untuned on sensors in any unit.</summary>
public sealed record SpikeDetectorSettings
{
    private const double DefaultDeviations = 6;
    private const int DefaultMemory = 100;
    private const int DefaultLearningPeriod = 50;
    private const double DefaultMinimumRelativeDeviation = 1e-3;
    private const double DefaultMinimumDeviation = 1e-9;

    /// <summary>The settings with every default.</summary>
    public static SpikeDetectorSettings Default { get; } = new();

    /// <summary>A value this many standard deviations from the recent mean is a spike (k). Default 6; more than 0.</summary>
    public double Deviations { get; init; } = DefaultDeviations;

    /// <summary>Readings the recent mean and variance remember (<see cref="RunningMoments"/> memory). Default 100; at least 2.</summary>
    public int Memory { get; init; } = DefaultMemory;

    /// <summary>Readings learnt before anything fires. Default 50; at least 2.</summary>
    public int LearningPeriod { get; init; } = DefaultLearningPeriod;

    /// <summary>The standard deviation is never taken below this fraction of the recent mean's magnitude. Default 0.001.</summary>
    public double MinimumRelativeDeviation { get; init; } = DefaultMinimumRelativeDeviation;

    /// <summary>The standard deviation is never taken below this, in the sensor's unit. Default 1e-9; more than 0.</summary>
    public double MinimumDeviation { get; init; } = DefaultMinimumDeviation;

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
