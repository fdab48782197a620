using StreamRnn.Batching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StreamRnn.Models.Checkpoints;
using StreamRnn.Models;
using StreamRnn.Training;
using TorchSharp;

using StreamRnn.Tests.Shared;

namespace StreamRnn.Training.Tests;

[Collection(nameof(TrainingTestGroup))]
public sealed class ModelCheckpointsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"streamrnn-ckpt-{Guid.NewGuid():N}");

    public ModelCheckpointsTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static TrainingResult TrainSmall(RecurrentCellKind cell) => Trainer.Train(
        TrainingData.Sine(steps: 400),
        new TrainerOptions { Cell = cell, HiddenSize = 12, InputLength = 16, Horizon = 3, Epochs = 2, Seed = 5 },
        cancellationToken: TestContext.Current.CancellationToken);

    private static float[] Forecast(RecurrentForecaster model, float[] inputs, int steps)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        model.eval();
        var (forecasts, state) = model.Forecast(torch.tensor(inputs, [1, steps, 1]), null);
        return [.. forecasts.data<float>(), .. state.data<float>()];
    }

    private static ModelShape SmallShape => new(RecurrentCellKind.Gru, Channels: 1, HiddenSize: 4, Layers: 1, Horizon: 2);

    private static float[] Reconstruct(BidirectionalScorer scorer, float[] inputs, int windows, int steps)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        scorer.eval();
        return scorer.Reconstruct(torch.tensor(inputs, [windows, steps, 1])).data<float>().ToArray();
    }

    [Theory]
    [InlineData(RecurrentCellKind.Gru)]
    [InlineData(RecurrentCellKind.Lstm)]
    [InlineData(RecurrentCellKind.Rnn)]
    public void TrainSaveLoadPredict_SameInputs_IdenticalOutputs(RecurrentCellKind cell)
    {
        using var trained = TrainSmall(cell);
        var path = Path.Combine(_directory, $"{cell}.ckpt");
        CheckpointFile.Save(ModelCheckpoints.Capture(trained.Model, trained.Normalizations, new Dictionary<string, string> { ["seed"] = "5" }), path);

        var loaded = CheckpointFile.Load(path);
        using var restored = ModelCheckpoints.Restore(loaded);

        var inputs = TestValues.RandomValues(new Random(3), 20);
        Assert.Equal(Forecast(trained.Model, inputs, 20), Forecast(restored, inputs, 20));
        Assert.Equal(trained.Model.Shape, loaded.Architecture);
        Assert.Equal(trained.Normalizations[0].Means, loaded.Normalization[0].Means);
    }

    [Theory]
    [InlineData(RecurrentCellKind.Gru)]
    [InlineData(RecurrentCellKind.Lstm)]
    public void CaptureWithScorer_SaveLoad_RestoresScorerAndForecasterIdentically(RecurrentCellKind cell)
    {
        using var trained = TrainSmall(cell);
        using var scorer = ScorerTrainer.Train(TrainingData.Sine(steps: 400), trained.Options, null, TestContext.Current.CancellationToken);
        var path = Path.Combine(_directory, $"{cell}-scorer.ckpt");
        CheckpointFile.Save(ModelCheckpoints.Capture(trained.Model, trained.Normalizations, new Dictionary<string, string>(), scorer.Model), path);

        var loaded = CheckpointFile.Load(path);
        using var restoredScorer = ModelCheckpoints.RestoreScorer(loaded);
        using var restored = ModelCheckpoints.Restore(loaded);

        Assert.True(ModelCheckpoints.HasScorer(loaded));
        Assert.Contains(loaded.Parameters, p => p.Name == "scorer.head.bias");
        var windows = TestValues.RandomValues(new Random(4), 3 * 20);
        Assert.Equal(Reconstruct(scorer.Model, windows, 3, 20), Reconstruct(restoredScorer, windows, 3, 20));
        var inputs = TestValues.RandomValues(new Random(3), 20);
        Assert.Equal(Forecast(trained.Model, inputs, 20), Forecast(restored, inputs, 20));
    }

    [Fact]
    public void RestoreScorer_CheckpointWithoutScorer_ThrowsNamingTheProblem()
    {
        using var model = new RecurrentForecaster(SmallShape, seed: 1);
        var checkpoint = ModelCheckpoints.Capture(model, [], new Dictionary<string, string>());

        var exception = Assert.Throws<CheckpointException>(() => ModelCheckpoints.RestoreScorer(checkpoint));

        Assert.False(ModelCheckpoints.HasScorer(checkpoint));
        Assert.Contains("no bidirectional scorer", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RestoreScorer_ScorerParameterMissing_ThrowsNamingIt()
    {
        using var model = new RecurrentForecaster(SmallShape, seed: 1);
        using var scorer = new BidirectionalScorer(SmallShape, seed: 2);
        var checkpoint = ModelCheckpoints.Capture(model, [], new Dictionary<string, string>(), scorer);
        var damaged = checkpoint with { Parameters = [.. checkpoint.Parameters.Where(p => p.Name != "scorer.head.weight")] };

        var exception = Assert.Throws<CheckpointException>(() => ModelCheckpoints.RestoreScorer(damaged));

        Assert.Contains("scorer", exception.Message, StringComparison.Ordinal);
        Assert.Contains("head.weight", exception.Message, StringComparison.Ordinal);
        using var forecaster = ModelCheckpoints.Restore(damaged);
        Assert.Equal(SmallShape, forecaster.Shape);
    }

    [Fact]
    public void Capture_ScorerOfAnotherShape_Throws()
    {
        using var model = new RecurrentForecaster(SmallShape, seed: 1);
        using var scorer = new BidirectionalScorer(SmallShape with { HiddenSize = 5 }, seed: 2);

        var exception = Assert.Throws<ArgumentException>(() => ModelCheckpoints.Capture(model, [], new Dictionary<string, string>(), scorer));

        Assert.Contains("does not match", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddStreamRnnBatching_CheckpointSet_TakesTheArchitectureFromIt()
    {
        using var trained = TrainSmall(RecurrentCellKind.Lstm);
        var path = Path.Combine(_directory, "lstm.ckpt");
        CheckpointFile.Save(ModelCheckpoints.Capture(trained.Model, trained.Normalizations, new Dictionary<string, string>()), path);

        using var provider = Services(path);
        var options = provider.GetRequiredService<IOptions<ModelOptions>>().Value;

        Assert.Equal(RecurrentCellKind.Lstm, options.Cell);
        Assert.Equal(12, options.HiddenSize);
        Assert.Equal(3, options.Horizon);
    }

    [Fact]
    public void AddStreamRnnBatching_CorruptCheckpoint_FailsValidationNamingTheSetting()
    {
        using var trained = TrainSmall(RecurrentCellKind.Gru);
        var path = Path.Combine(_directory, "corrupt.ckpt");
        var bytes = CheckpointFile.Serialize(ModelCheckpoints.Capture(trained.Model, trained.Normalizations, new Dictionary<string, string>()));
        bytes[^40] ^= 1;
        File.WriteAllBytes(path, bytes);

        using var provider = Services(path);
        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ModelOptions>>().Value);

        Assert.Contains("Model:Checkpoint", exception.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddStreamRnnBatching_CheckpointWithNaNWeight_FailsValidationNamingTheSettingAndTheParameter()
    {
        using var model = new RecurrentForecaster(SmallShape, seed: 3);
        var checkpoint = ModelCheckpoints.Capture(model, [], new Dictionary<string, string>());
        checkpoint.Parameters[1].Values[4] = float.NaN;
        var path = Path.Combine(_directory, "nan.ckpt");
        CheckpointFile.Save(checkpoint, path);

        using var provider = Services(path);
        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ModelOptions>>().Value);

        Assert.Contains($"Model:Checkpoint: '{path}' cannot be served: non-finite weight {checkpoint.Parameters[1].Name}", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddStreamRnnBatching_CheckpointWhoseWeightsDoNotFitItsArchitecture_FailsValidation()
    {
        using var model = new RecurrentForecaster(SmallShape, seed: 3);
        var captured = ModelCheckpoints.Capture(model, [], new Dictionary<string, string>());
        var path = Path.Combine(_directory, "misfit.ckpt");
        CheckpointFile.Save(captured with { Architecture = SmallShape with { HiddenSize = SmallShape.HiddenSize + 1 } }, path);

        using var provider = Services(path);
        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ModelOptions>>().Value);

        Assert.Contains("Model:Checkpoint", exception.Message, StringComparison.Ordinal);
        Assert.Contains("do not fit its own architecture", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InferenceBatcher_CheckpointSet_ServesTheTrainedWeights()
    {
        var ct = TestContext.Current.CancellationToken;
        using var trained = TrainSmall(RecurrentCellKind.Gru);
        var path = Path.Combine(_directory, "gru.ckpt");
        CheckpointFile.Save(ModelCheckpoints.Capture(trained.Model, trained.Normalizations, new Dictionary<string, string>()), path);
        await using var provider = Services(path);
        var batcher = provider.GetRequiredService<Batching.IInferenceBatcher>();

        var inputs = TestValues.RandomValues(new Random(9), 7);
        var result = await batcher.StepAsync(inputs, 7, null, ct);
        var expected = Forecast(trained.Model, inputs, 7);

        var actual = result.Forecasts.Concat(result.State).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5, $"value {i}: {expected[i]} vs {actual[i]}");
        }
    }

    private static ServiceProvider Services(string checkpoint)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Model:Checkpoint"] = checkpoint })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddStreamRnnBatching();
        return services.BuildServiceProvider();
    }
}
