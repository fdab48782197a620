namespace StreamRnn.Training.FineTuning;

/// <summary>Progress of a fine-tuning run: an epoch finished, with its mean training loss (normalised MSE).</summary>
/// <param name="Epoch">The epoch that finished, from 1.</param>
/// <param name="Epochs">Epochs in the run.</param>
/// <param name="TrainingLoss">Mean loss over the epoch's batches.</param>
/// <param name="Elapsed">Time since the run started.</param>
public sealed record FineTuningEpoch(int Epoch, int Epochs, double TrainingLoss, TimeSpan Elapsed);
