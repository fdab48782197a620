namespace StreamRnn.Scoring;

/// <summary>Parameters of <see cref="EventTimeDropoutDetector"/>, every one given; relative to the sensor's own gaps, so they work untuned at any reading rate.</summary>
public sealed record EventTimeDropoutDetectorSettings
{
    /// <summary>A gap longer than this many usual intervals is a dropout. More than 1.</summary>
    public required double Intervals { get; init; }

    /// <summary>Gaps the usual interval remembers (<see cref="RunningMoments"/> memory over log gaps). At least 2.</summary>
    public required int Memory { get; init; }

    /// <summary>Gaps learnt before anything fires or is overdue. At least 1.</summary>
    public required int LearningPeriod { get; init; }

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
