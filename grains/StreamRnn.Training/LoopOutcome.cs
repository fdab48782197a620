namespace StreamRnn.Training;

/// <summary>What <see cref="TrainingLoop"/> did; with validation, the model already holds the best weights.</summary>
internal sealed record LoopOutcome(
    IReadOnlyList<EpochReport> History,
    int BestEpoch,
    double BestValidationLoss,
    bool StoppedEarly,
    bool Cancelled,
    double WindowsPerSecond,
    TimeSpan WallTime);
