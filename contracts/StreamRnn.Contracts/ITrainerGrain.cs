namespace StreamRnn.Contracts;

/// <summary>
/// Runs one fine-tuning job off the grain thread, on the silo it is placed on: silos that advertise an
/// accelerator are preferred (silo metadata and placement filtering); any silo otherwise.
/// </summary>
public interface ITrainerGrain : IGrainWithStringKey
{
    /// <summary>Trains a candidate from the job's start weights and measures both on the held-out windows.</summary>
    [ResponseTimeout("00:30:00")]
    Task<FineTuningJobResult> TrainAsync(FineTuningJob job, CancellationToken cancellationToken = default);

    /// <summary>The held-out loss of each checkpoint (empty bytes: the seeded version 1) on the windows.</summary>
    [ResponseTimeout("00:10:00")]
    Task<double[]> EvaluateAsync(byte[][] checkpoints, System.Collections.Immutable.ImmutableArray<TrainingWindow> windows, CancellationToken cancellationToken = default);
}
