using StreamRnn.Training;
using StreamRnn.Models;

namespace StreamRnn.Training.Tests;

[Collection(nameof(TrainingTestGroup))]
public sealed class ScorerTrainerTests
{
    [Fact]
    public void Train_NoisySine_FillsMaskedStepsBetterThanMeanAndInterpolation()
    {
        var options = new TrainerOptions
        {
            Cell = RecurrentCellKind.Gru,
            HiddenSize = 32,
            InputLength = 32,
            WindowStride = 2,
            BatchSize = 32,
            Epochs = 25,
            LearningRate = 5e-3,
        };

        using var result = ScorerTrainer.Train(TrainingData.Sine(), options, null, TestContext.Current.CancellationToken);

        var metrics = result.TestMetrics!;
        Assert.Equal(0, result.Split.Train.Horizon);
        Assert.True(metrics.ModelMse < 0.1 * metrics.MeanMse, $"{metrics}");
        Assert.True(metrics.ModelMse < 0.9 * metrics.InterpolationMse, $"{metrics}");
        Assert.Equal(result.History.Min(r => r.ValidationLoss), result.BestValidationLoss);
    }
}
