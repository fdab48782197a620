using StreamRnn.Models;

namespace StreamRnn.Training;

/// <summary>The outcome of <see cref="Trainer.Train"/>: a forecaster and its test-part forecast metrics against persistence.</summary>
public sealed class TrainingResult : TrainingRun<RecurrentForecaster, ForecastMetrics>
{
    internal TrainingResult(RecurrentForecaster model, TrainerOptions options, DataSplit split, LoopOutcome outcome, ForecastMetrics? testMetrics)
        : base(model, options, split, outcome, testMetrics)
    {
    }
}
