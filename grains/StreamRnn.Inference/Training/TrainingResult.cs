using StreamRnn.Inference.Models;

namespace StreamRnn.Inference.Training;

/// <summary>
/// The outcome of <see cref="Trainer.Train"/>: the model with the weights of the epoch with the lowest validation loss
/// (in <c>eval()</c> mode, on the training device), the history and the test metrics. Disposing it disposes the model.
/// </summary>
public sealed class TrainingResult : IDisposable
{
    internal TrainingResult(RecurrentForecaster model, TrainerOptions options, DataSplit split, LoopOutcome outcome, ForecastMetrics? testMetrics)
    {
        Model = model;
        Options = options;
        Split = split;
        History = outcome.History;
        BestEpoch = outcome.BestEpoch;
        BestValidationLoss = outcome.BestValidationLoss;
        StoppedEarly = outcome.StoppedEarly;
        Cancelled = outcome.Cancelled;
        WindowsPerSecond = outcome.WindowsPerSecond;
        WallTime = outcome.WallTime;
        TestMetrics = testMetrics;
    }

    /// <summary>The trained model, holding the best epoch's weights.</summary>
    public RecurrentForecaster Model { get; }

    /// <summary>The options the run used.</summary>
    public TrainerOptions Options { get; }

    /// <summary>The split, normalisation and windows the run used.</summary>
    public DataSplit Split { get; }

    /// <summary>The normalisation of each series (fitted on its training part): the model expects inputs normalised with it.</summary>
    public IReadOnlyList<ChannelNormalization> Normalizations => Split.Normalizations;

    /// <summary>One report per completed epoch.</summary>
    public IReadOnlyList<EpochReport> History { get; }

    /// <summary>The epoch whose weights the model holds (1-based); 0 when no epoch completed (the initial weights).</summary>
    public int BestEpoch { get; }

    /// <summary>The validation loss of <see cref="BestEpoch"/> (the history's minimum); NaN when no epoch completed.</summary>
    public double BestValidationLoss { get; }

    /// <summary>True when early stopping ended the run before <see cref="TrainerOptions.Epochs"/>.</summary>
    public bool StoppedEarly { get; }

    /// <summary>True when the cancellation token ended the run; the best complete epoch is still kept.</summary>
    public bool Cancelled { get; }

    /// <summary>Test-part metrics of the best model (original units), or <see langword="null"/> when the test part has no window.</summary>
    public ForecastMetrics? TestMetrics { get; }

    /// <summary>Training throughput over the whole run: windows through forward, backward and step per second of training time.</summary>
    public double WindowsPerSecond { get; }

    /// <summary>Wall time of the training loop (validation included, test metrics excluded).</summary>
    public TimeSpan WallTime { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Model.Dispose();
    }
}
