namespace StreamRnn.Scoring;

/// <summary>Parameters of <see cref="RangeNovelty"/>, every one given (a sensor's come from <see cref="SensorOptions"/>).</summary>
public sealed record RangeNoveltySettings
{
    /// <summary>The excess beyond the range, as a fraction of its width, at which the surprise is 0.5. More than 0.</summary>
    public required double Scale { get; init; }

    /// <summary>Readings the range takes in before anything is judged against it. At least 1.</summary>
    public required int LearningReadings { get; init; }

    /// <summary>Readings over which an end the sensor no longer comes near is drawn in by about two thirds. At least 1.</summary>
    public required int Memory { get; init; }

    /// <summary>
    /// Usual forecast errors (the model's short-term average absolute error, as its likelihood has learnt it) a reading may
    /// lie beyond the range before it counts as beyond it. At least 0.
    /// </summary>
    public required double ErrorAllowance { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        SettingsGuard.ThrowIfNotPositiveFinite(Scale, nameof(Scale));
        ArgumentOutOfRangeException.ThrowIfLessThan(LearningReadings, 1, nameof(LearningReadings));
        ArgumentOutOfRangeException.ThrowIfLessThan(Memory, 1, nameof(Memory));
        SettingsGuard.ThrowIfNegativeOrNotFinite(ErrorAllowance, nameof(ErrorAllowance));
    }
}
