namespace StreamRnn.Scoring;

/// <summary>Parameters of <see cref="EventTimeDropoutDetector"/>; the defaults work untuned at any reading rate.</summary>
public sealed record EventTimeDropoutDetectorSettings
{
    /// <summary>The default of <see cref="Intervals"/>.</summary>
    public const double DefaultIntervals = 5;

    private const int DefaultMemory = 100;
    private const int DefaultLearningPeriod = 20;

    /// <summary>The settings with every default.</summary>
    public static EventTimeDropoutDetectorSettings Default { get; } = new();

    /// <summary>A gap longer than this many usual intervals is a dropout. Default 5; more than 1.</summary>
    public double Intervals { get; init; } = DefaultIntervals;

    /// <summary>Gaps the usual interval remembers (<see cref="RunningMoments"/> memory over log gaps). Default 100; at least 2.</summary>
    public int Memory { get; init; } = DefaultMemory;

    /// <summary>Gaps learnt before anything fires or is overdue. Default 20; at least 1.</summary>
    public int LearningPeriod { get; init; } = DefaultLearningPeriod;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (!double.IsFinite(Intervals) || Intervals <= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Intervals), Intervals, "Must be finite and more than 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Memory, 2, nameof(Memory));
        ArgumentOutOfRangeException.ThrowIfLessThan(LearningPeriod, 1, nameof(LearningPeriod));
    }
}
