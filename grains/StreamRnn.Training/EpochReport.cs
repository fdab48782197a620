namespace StreamRnn.Training;

/// <summary>What one completed epoch did.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="TrainLoss">Mean training loss over the epoch's batches (normalised units, dropout on).</param>
/// <param name="ValidationLoss">Mean loss over every validation target after the epoch (normalised units, <c>eval()</c>).</param>
/// <param name="LearningRate">The learning rate the epoch trained with.</param>
/// <param name="MeanGradientNorm">Mean global gradient L2 norm before clipping, over the epoch's steps.</param>
/// <param name="MaxGradientNorm">Largest global gradient L2 norm before clipping.</param>
/// <param name="WindowsPerSecond">Training windows per second in this epoch (forward, backward and step; no validation).</param>
/// <param name="Elapsed">Wall time since training started.</param>
/// <param name="IsBest">True when this epoch set a new lowest validation loss (its weights are kept).</param>
public sealed record EpochReport(
    int Epoch,
    double TrainLoss,
    double ValidationLoss,
    double LearningRate,
    double MeanGradientNorm,
    double MaxGradientNorm,
    double WindowsPerSecond,
    TimeSpan Elapsed,
    bool IsBest);
