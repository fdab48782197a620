using StreamRnn.Models;
using StreamRnn.Training;
using TorchSharp;

namespace StreamRnn.Training.Tests;

[Collection(nameof(TrainingTestGroup))]
public sealed class TrainerTests
{
    [Theory]
    [InlineData(RecurrentCellKind.Gru)]
    [InlineData(RecurrentCellKind.Lstm)]
    public void Train_NoisySine_GatedCellsReachR2AndBeatPersistence(RecurrentCellKind cell)
    {
        using var result = Trainer.Train(TrainingData.Sine(), SineOptions(cell), null, TestContext.Current.CancellationToken);

        var metrics = result.TestMetrics!;
        Assert.Equal(5, metrics.Horizon);
        Assert.Equal((1200 - 840 - 180) - (32 + 5) + 1, metrics.Count);
        Assert.True(metrics.Model.R2 >= 0.95, $"{cell}: test R² {metrics.Model.R2:F4} < 0.95");
        Assert.True(metrics.Skill > 0, $"{cell}: skill {metrics.Skill:F4} ≤ 0 (MSE {metrics.Model.Mse:F4} vs persistence {metrics.Persistence.Mse:F4})");
        Assert.All(metrics.SkillPerStep, skill => Assert.True(skill > 0));
        Assert.True(result.WindowsPerSecond > 0);
        Assert.False(result.Cancelled);
    }

    [Theory]
    [InlineData(RnnNonlinearity.Tanh)]
    [InlineData(RnnNonlinearity.Relu)]
    public void Train_NoisySine_RnnBeatsPersistence(RnnNonlinearity nonlinearity)
    {
        var options = SineOptions(RecurrentCellKind.Rnn);
        options.RnnNonlinearity = nonlinearity;

        using var result = Trainer.Train(TrainingData.Sine(), options, null, TestContext.Current.CancellationToken);

        Assert.Equal(nonlinearity, result.Model.Shape.RnnNonlinearity);
        Assert.True(result.TestMetrics!.Skill > 0, $"skill {result.TestMetrics.Skill:F4} ≤ 0");
    }

    [Fact]
    public void Train_SameSeedTwice_GivesIdenticalLossHistories()
    {
        var options = SmallOptions(epochs: 3);
        options.Layers = 2;
        options.Dropout = 0.2;
        var data = TrainingData.Sine(steps: 600);

        using var first = Trainer.Train(data, options, null, TestContext.Current.CancellationToken);
        using var second = Trainer.Train(data, options, null, TestContext.Current.CancellationToken);
        options.Seed = 18;
        using var other = Trainer.Train(data, options, null, TestContext.Current.CancellationToken);

        Assert.Equal(3, first.History.Count);
        Assert.Equal(first.History.Select(r => r.TrainLoss), second.History.Select(r => r.TrainLoss));
        Assert.Equal(first.History.Select(r => r.ValidationLoss), second.History.Select(r => r.ValidationLoss));
        Assert.Equal(first.Model.ExportParameters(), second.Model.ExportParameters());
        Assert.NotEqual(first.History.Select(r => r.TrainLoss), other.History.Select(r => r.TrainLoss));
    }

    [Fact]
    public void Train_ValidationLossStopsImproving_StopsEarlyAndKeepsBestEpoch()
    {
        // Pure noise: nothing generalises, so a large learning rate overfits and the validation loss soon rises.
        var data = SeriesData.Of(TrainingData.NoisySine("noise", 400, period: 25, noise: 1.0, seed: 3, amplitude: 0));
        var options = SmallOptions(epochs: 60);
        options.LearningRate = 0.03;
        options.GradientClipNorm = 0;
        options.EarlyStoppingPatience = 2;
        options.PlateauPatience = 0;

        using var result = Trainer.Train(data, options, null, TestContext.Current.CancellationToken);

        var losses = result.History.Select(r => r.ValidationLoss).ToArray();
        Assert.True(result.StoppedEarly);
        Assert.Equal(result.BestEpoch + 2, result.History.Count);
        Assert.Equal(losses.Min(), result.BestValidationLoss);
        Assert.Equal(Array.IndexOf(losses, losses.Min()) + 1, result.BestEpoch);
        Assert.True(result.History[^1].ValidationLoss > result.BestValidationLoss);
        Assert.Equal(result.BestValidationLoss, Trainer.EvaluateLoss(result.Model, result.Split.Validation, options), 1e-6);
    }

    [Fact]
    public void Train_CancelledAfterThirdEpoch_ReturnsBestSoFarFlaggedCancelled()
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var progress = new CallbackProgress(report =>
        {
            if (report.Epoch == 3)
            {
                cancellation.Cancel();
            }
        });
        var options = SmallOptions(epochs: 50);
        options.LearningRate = 0.02;

        using var result = Trainer.Train(TrainingData.Sine(steps: 600), options, progress, cancellation.Token);

        Assert.True(result.Cancelled);
        Assert.False(result.StoppedEarly);
        Assert.Equal(3, result.History.Count);
        Assert.Equal(result.History.Min(r => r.ValidationLoss), result.BestValidationLoss);
        Assert.True(result.History[result.BestEpoch - 1].IsBest);
        Assert.Equal(result.BestValidationLoss, Trainer.EvaluateLoss(result.Model, result.Split.Validation, options), 1e-6);
        Assert.NotNull(result.TestMetrics);
    }

    [Fact]
    public void Train_CancelledBeforeStart_ReturnsInitialWeights()
    {
        var options = SmallOptions(epochs: 5);

        using var result = Trainer.Train(TrainingData.Sine(steps: 600), options, null, new CancellationToken(canceled: true));
        using var initial = new RecurrentForecaster(options.ToModelShape(1), options.Seed);

        Assert.True(result.Cancelled);
        Assert.Empty(result.History);
        Assert.Equal(0, result.BestEpoch);
        Assert.True(double.IsNaN(result.BestValidationLoss));
        Assert.Equal(initial.ExportParameters(), result.Model.ExportParameters());
    }

    [Fact]
    public void Train_ClippingOn_ReportsPreClipNormsAndLearningRateSchedule()
    {
        var options = SmallOptions(epochs: 6);
        options.GradientClipNorm = 1e-3;
        options.PlateauPatience = 1;
        options.PlateauFactor = 0.5;
        options.EarlyStoppingPatience = 0;
        var reports = new List<EpochReport>();

        using var result = Trainer.Train(TrainingData.Sine(steps: 600), options, new CallbackProgress(reports.Add), TestContext.Current.CancellationToken);

        Assert.Equal(result.History, reports);
        Assert.Equal(6, reports.Count);
        Assert.All(reports, r => Assert.True(r.MaxGradientNorm > 1e-3 && r.MeanGradientNorm <= r.MaxGradientNorm));
        Assert.Equal(options.LearningRate, reports[0].LearningRate);
        for (var i = 1; i < reports.Count; i++)
        {
            var expected = reports[i - 1].LearningRate * (reports[i - 1].ValidationLoss < reports.Take(i - 1).Select(r => r.ValidationLoss).DefaultIfEmpty(double.PositiveInfinity).Min() * (1 - 1e-4) ? 1 : 0.5);
            Assert.Equal(expected, reports[i].LearningRate, 1e-12);
        }
    }

    [Fact]
    public void Train_TwoChannels_ForecastsChannelZeroAndStoresNormalizationPerSeries()
    {
        var first = TrainingData.NoisySine("a", 500, period: 20, noise: 0.05, seed: 4, offset: 10, amplitude: 2);
        var values = new float[500, 2];
        for (var t = 0; t < 500; t++)
        {
            values[t, 0] = first[t, 0];
            values[t, 1] = t;
        }

        var second = TrainingData.NoisySine("b", 300, period: 20, noise: 0.05, seed: 5, offset: -3);
        var secondValues = new float[300, 2];
        for (var t = 0; t < 300; t++)
        {
            secondValues[t, 0] = second[t, 0];
            secondValues[t, 1] = -t;
        }

        var data = new SeriesData([new TimeSeries("a", values), new TimeSeries("b", secondValues)]);

        using var result = Trainer.Train(data, SmallOptions(epochs: 2), null, TestContext.Current.CancellationToken);

        Assert.Equal(2, result.Model.Shape.Channels);
        Assert.Equal(["a", "b"], result.Normalizations.Select(n => n.Series));
        Assert.Equal(10, result.Normalizations[0].Means[0], 0.3);
        Assert.Equal(-3, result.Normalizations[1].Means[0], 0.3);
        Assert.Equal(174.5, result.Normalizations[0].Means[1], 1e-9);
        Assert.True(result.TestMetrics!.Count > 0);
    }

    [Fact]
    public void Train_InvalidOptions_ThrowsArgumentException()
    {
        var options = SmallOptions(epochs: 1);
        options.Dropout = 1;

        Assert.ThrowsAny<ArgumentException>(() => Trainer.Train(TrainingData.Sine(steps: 300), options, null, TestContext.Current.CancellationToken));
        Assert.ThrowsAny<ArgumentException>(() => Trainer.Train(TrainingData.Sine(steps: 60), SmallOptions(epochs: 1), null, TestContext.Current.CancellationToken));
    }

    /// <summary>Settings that learn the 1,200-step noisy sine robustly in a few seconds on 2 cores.</summary>
    private static TrainerOptions SineOptions(RecurrentCellKind cell)
    {
        return new TrainerOptions
        {
            Cell = cell,
            HiddenSize = 32,
            InputLength = 32,
            Horizon = 5,
            WindowStride = 2,
            BatchSize = 32,
            Epochs = 40,
            LearningRate = 5e-3,
            EarlyStoppingPatience = 10,
            Seed = 17,
        };
    }

    private static TrainerOptions SmallOptions(int epochs)
    {
        return new TrainerOptions
        {
            HiddenSize = 16,
            InputLength = 16,
            Horizon = 3,
            WindowStride = 2,
            BatchSize = 32,
            Epochs = epochs,
            LearningRate = 5e-3,
        };
    }

    private sealed class CallbackProgress(Action<EpochReport> callback) : IProgress<EpochReport>
    {
        public void Report(EpochReport value)
        {
            callback(value);
        }
    }
}
