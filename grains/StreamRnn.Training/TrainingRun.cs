using TorchSharp;
using StreamRnn.Models.Checkpoints;

namespace StreamRnn.Training;

/// <summary>
/// What a training run produced, whatever it trained: the model holding the weights of the epoch with the lowest
/// validation loss (in <c>eval()</c> mode, on the training device), the history and the test metrics. Disposing it
/// disposes the model.
/// </summary>
/// <typeparam name="TModel">The trained module.</typeparam>
/// <typeparam name="TMetrics">The test-part metrics of that kind of model.</typeparam>
public abstract class TrainingRun<TModel, TMetrics> : IDisposable
    where TModel : torch.nn.Module
    where TMetrics : class
{
    private protected TrainingRun(TModel model, TrainerOptions options, DataSplit split, LoopOutcome outcome, TMetrics? testMetrics)
    {
        ArgumentNullException.ThrowIfNull(outcome);
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
    public TModel Model { get; }

    /// <summary>The options the run used.</summary>
    public TrainerOptions Options { get; }

    /// <summary>The split, normalisation and windows the run used.</summary>
    public DataSplit Split { get; }

    /// <summary>The per-series normalisation fitted on the training parts.</summary>
    public IReadOnlyList<ChannelNormalization> Normalizations => Split.Normalizations;

    /// <summary>One report per completed epoch.</summary>
    public IReadOnlyList<EpochReport> History { get; }

    /// <summary>The epoch whose weights the model holds (1-based); 0 when no epoch completed.</summary>
    public int BestEpoch { get; }

    /// <summary>The validation loss of <see cref="BestEpoch"/>; NaN when no epoch completed.</summary>
    public double BestValidationLoss { get; }

    /// <summary>True when early stopping ended the run.</summary>
    public bool StoppedEarly { get; }

    /// <summary>True when the cancellation token ended the run (the model then holds the best complete epoch).</summary>
    public bool Cancelled { get; }

    /// <summary>Test-part metrics, or <see langword="null"/> when the split has no test windows.</summary>
    public TMetrics? TestMetrics { get; }

    /// <summary>Training throughput: windows through forward, backward and step per second of training time.</summary>
    public double WindowsPerSecond { get; }

    /// <summary>Wall time of the training loop (validation included, test metrics excluded).</summary>
    public TimeSpan WallTime { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes the model.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Model.Dispose();
        }
    }
}
