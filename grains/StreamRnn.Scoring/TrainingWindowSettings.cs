namespace StreamRnn.Scoring;

/// <summary>
/// The grid training windows are cut on: <see cref="Steps"/> readings long, ending at multiples of it, each sent once the
/// <see cref="GuardReadings"/> readings after it are scored and none within the guard on either side raised an alert.
/// </summary>
public sealed record TrainingWindowSettings
{
    /// <summary>Readings per window.</summary>
    public required int Steps { get; init; }

    /// <summary>Clean readings needed on either side of a window.</summary>
    public required int GuardReadings { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Steps, 1, nameof(Steps));
        ArgumentOutOfRangeException.ThrowIfNegative(GuardReadings, nameof(GuardReadings));
    }
}
