using StreamRnn.Models.Checkpoints;

namespace StreamRnn.Training.FineTuning;

/// <summary>What one fine-tuning run (<see cref="FineTuner.Run"/>) produced: the candidate checkpoint and the figures a promotion gate judges it by.</summary>
/// <param name="Candidate">
/// The fine-tuned weights, with the current checkpoint's architecture, normalisation and (unchanged) bidirectional
/// scorer weights, if any; its metadata is the given metadata plus <see cref="FineTuner.BaselineLossKey"/>,
/// <see cref="FineTuner.CandidateLossKey"/>, <see cref="FineTuner.TrainSamplesKey"/>, <see cref="FineTuner.ValidationSamplesKey"/>
/// and <see cref="FineTuner.EpochsKey"/> (invariant culture).
/// </param>
/// <param name="BaselineLoss">Mean squared error (normalised units) of the current weights over every target of the validation samples.</param>
/// <param name="CandidateLoss">The same for the candidate's weights; NaN or infinite when training diverged.</param>
/// <param name="NonFiniteParameter">The name of the candidate's first parameter holding a NaN or infinity, or <see langword="null"/>.</param>
/// <param name="TrainSamples">Training samples that gave training pairs (<c>Steps</c> above the horizon).</param>
/// <param name="ValidationSamples">Validation samples that gave pairs (<c>Steps</c> above the horizon).</param>
/// <param name="EpochsRun">Complete epochs (a cancelled epoch's batches are in the weights but not counted).</param>
/// <param name="Duration">Wall time of the whole run, evaluation included.</param>
/// <param name="Device">The device it ran on (<c>cpu</c>, <c>cuda:0</c>, …).</param>
/// <param name="Cancelled">True when the cancellation token stopped training; the candidate then holds the weights so far.</param>
public sealed record FineTuningResult(
    ModelCheckpoint Candidate,
    double BaselineLoss,
    double CandidateLoss,
    string? NonFiniteParameter,
    int TrainSamples,
    int ValidationSamples,
    int EpochsRun,
    TimeSpan Duration,
    string Device,
    bool Cancelled)
{
    /// <summary>True when every candidate weight is finite (<see cref="NonFiniteParameter"/> is <see langword="null"/>).</summary>
    public bool WeightsFinite => NonFiniteParameter is null;
}
