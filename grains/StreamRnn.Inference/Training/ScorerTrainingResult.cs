using StreamRnn.Inference.Models;

namespace StreamRnn.Inference.Training;

/// <summary>The outcome of <see cref="ScorerTrainer.Train"/>; as <see cref="TrainingResult"/>, for the bidirectional scorer.</summary>
public sealed class ScorerTrainingResult : IDisposable
{
    internal ScorerTrainingResult(BidirectionalScorer model, TrainerOptions options, DataSplit split, LoopOutcome outcome, ReconstructionMetrics? testMetrics)
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

    /// <summary>The trained scorer, holding the best epoch's weights, in <c>eval()</c> mode.</summary>
    public BidirectionalScorer Model { get; }

    /// <summary>The options the run used.</summary>
    public TrainerOptions Options { get; }

    /// <summary>The split, normalisation and windows the run used.</summary>
    public DataSplit Split { get; }

    /// <summary>One report per completed epoch.</summary>
    public IReadOnlyList<EpochReport> History { get; }

    /// <summary>The epoch whose weights the model holds (1-based); 0 when no epoch completed.</summary>
    public int BestEpoch { get; }

    /// <summary>The validation loss of <see cref="BestEpoch"/>; NaN when no epoch completed.</summary>
    public double BestValidationLoss { get; }

    /// <summary>True when early stopping ended the run.</summary>
    public bool StoppedEarly { get; }

    /// <summary>True when the cancellation token ended the run.</summary>
    public bool Cancelled { get; }

    /// <summary>Test-part reconstruction errors against the baselines, or <see langword="null"/> without test windows.</summary>
    public ReconstructionMetrics? TestMetrics { get; }

    /// <summary>Training windows per second of training time.</summary>
    public double WindowsPerSecond { get; }

    /// <summary>Wall time of the training loop.</summary>
    public TimeSpan WallTime { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Model.Dispose();
    }
}
