namespace StreamRnn.Training;

/// <summary>An epoch <see cref="TrainingLoop"/> completed.</summary>
/// <param name="Report">The report (<see cref="EpochReport.TrainLoss"/> weighs every batch by its rows; no validation gives NaN).</param>
/// <param name="MeanBatchLoss">The training loss with every batch counted once, whatever its rows.</param>
internal sealed record CompletedEpoch(EpochReport Report, double MeanBatchLoss);
