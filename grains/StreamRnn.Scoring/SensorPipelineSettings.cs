namespace StreamRnn.Scoring;

/// <summary>
/// Parameters of <see cref="SensorPipeline"/>, built from <see cref="SensorOptions"/> by
/// <see cref="SensorOptions.ToPipelineSettings"/> (which validates them once): no defaults here but the optional cadence
/// scaling's.
/// </summary>
public sealed record SensorPipelineSettings
{
    /// <summary>The anomaly scorer's settings.</summary>
    public required SensorScorerSettings Scorer { get; init; }

    /// <summary>Readings during which runs of equal values that raised a stuck alert are still learnt as normal.</summary>
    public required int LearningReadings { get; init; }

    /// <summary>Readings in a row with the same value that make a stuck sensor (at least; twice the longest normal run if longer).</summary>
    public required int StuckReadings { get; init; }

    /// <summary>Recent raw values kept, and the most readings re-warmed over after a model switch.</summary>
    public required int WindowSize { get; init; }

    /// <summary>A sensor silent for this many of its usual arrival gaps has dropped out.</summary>
    public required int DropoutIntervals { get; init; }

    /// <summary>The shortest silence that counts as dropout.</summary>
    public required TimeSpan MinimumDropoutSilence { get; init; }

    /// <summary>The training-window grid; null: no training windows are cut.</summary>
    public required TrainingWindowSettings? TrainingWindows { get; init; }

    /// <summary>
    /// The cadence the reading-count settings were chosen for (<see cref="CadenceScaling"/>): a sensor whose readings come
    /// further apart has them scaled down to cover the same time. Null: never scaled.
    /// </summary>
    public TimeSpan? ReferenceCadence { get; init; }

    /// <summary>The fewest errors the short-term average keeps when <see cref="ReferenceCadence"/> scales it down. At least 1.</summary>
    public int ScaledAveragingFloor { get; init; } = CadenceScaling.DefaultAveragingFloor;

    /// <summary>
    /// Judge every channel of a multichannel sensor by its relation to the others (<see cref="ChannelRelations"/>), not
    /// only channel 0 by the model and its seasonal profile: the surprise scale of the channels' residuals, z / (z + scale).
    /// Null: channel 0 only. A univariate sensor is judged the same either way.
    /// </summary>
    public double? ChannelSurpriseScale { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Scorer, nameof(Scorer));
        Scorer.Validate();
        TrainingWindows?.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(LearningReadings, 1, nameof(LearningReadings));
        ArgumentOutOfRangeException.ThrowIfLessThan(StuckReadings, 1, nameof(StuckReadings));
        ArgumentOutOfRangeException.ThrowIfLessThan(WindowSize, 1, nameof(WindowSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(DropoutIntervals, 1, nameof(DropoutIntervals));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MinimumDropoutSilence, TimeSpan.Zero, nameof(MinimumDropoutSilence));
        ArgumentOutOfRangeException.ThrowIfLessThan(ScaledAveragingFloor, 1, nameof(ScaledAveragingFloor));
        if (ChannelSurpriseScale is { } channelScale)
        {
            SettingsGuard.ThrowIfNotPositiveFinite(channelScale, nameof(ChannelSurpriseScale));
        }

        if (ReferenceCadence is { } cadence)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(cadence, TimeSpan.Zero, nameof(ReferenceCadence));
        }
    }
}
