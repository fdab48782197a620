using StreamRnn.Models;

namespace StreamRnn.Training;

/// <summary>The outcome of <see cref="ScorerTrainer.Train"/>: a bidirectional scorer and its test-part reconstruction metrics.</summary>
public sealed class ScorerTrainingResult : TrainingRun<BidirectionalScorer, ReconstructionMetrics>
{
    internal ScorerTrainingResult(BidirectionalScorer model, TrainerOptions options, DataSplit split, LoopOutcome outcome, ReconstructionMetrics? testMetrics)
        : base(model, options, split, outcome, testMetrics)
    {
    }
}
