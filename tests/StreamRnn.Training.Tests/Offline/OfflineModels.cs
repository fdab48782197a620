using System.Globalization;
using StreamRnn.Models.Checkpoints;
using StreamRnn.Training.Tests;
using StreamRnn.Training;
using StreamRnn.Models;

namespace StreamRnn.Training.Tests.Offline;

/// <summary>
/// One small GRU forecaster and bidirectional scorer, trained once on a noisy sine with the same options
/// (the one-liner <see cref="ScorerTrainer.Train"/> next to <see cref="Trainer.Train"/>), captured in one checkpoint.
/// </summary>
public sealed class OfflineModels
{
    public const double Period = 25;

    public const double Noise = 0.1;

    public OfflineModels()
    {
        var data = SeriesData.Of(TrainingData.NoisySine(TrainingSeries, 600, Period, Noise, seed: 1));
        var options = new TrainerOptions
        {
            Cell = RecurrentCellKind.Gru,
            HiddenSize = 12,
            InputLength = 24,
            Horizon = 1,
            WindowStride = 2,
            BatchSize = 32,
            Epochs = 8,
            LearningRate = 1e-2,
            Seed = 3,
        };
        var ct = TestContext.Current.CancellationToken;
        using var forecaster = Trainer.Train(data, options, cancellationToken: ct);
        using var scorer = ScorerTrainer.Train(data, options, null, ct);
        var metadata = new Dictionary<string, string> { [ModelCheckpoints.InputLengthKey] = options.InputLength.ToString(CultureInfo.InvariantCulture) };
        Checkpoint = ModelCheckpoints.Capture(forecaster.Model, forecaster.Normalizations, metadata, scorer.Model);
        ForecasterOnly = ModelCheckpoints.Capture(forecaster.Model, forecaster.Normalizations, metadata);
    }

    /// <summary>The name of the training series (its normalisation is in the checkpoint).</summary>
    public static string TrainingSeries => "train";

    /// <summary>Forecaster and scorer.</summary>
    public ModelCheckpoint Checkpoint { get; }

    /// <summary>The same forecaster, no scorer.</summary>
    public ModelCheckpoint ForecasterOnly { get; }
}
