using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StreamRnn.Inference.Checkpoints;
using StreamRnn.Inference.Models;
using StreamRnn.Inference.Tests.Training;
using StreamRnn.Inference.Training;
using TorchSharp;

namespace StreamRnn.Inference.Tests.Checkpoints;

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

        var inputs = TestBatchers.RandomValues(new Random(3), 20);
        Assert.Equal(Forecast(trained.Model, inputs, 20), Forecast(restored, inputs, 20));
        Assert.Equal(trained.Model.Shape, loaded.Architecture);
        Assert.Equal(trained.Normalizations[0].Means, loaded.Normalization[0].Means);
    }

    [Fact]
    public void AddStreamRnnInference_CheckpointSet_TakesTheArchitectureFromIt()
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
    public void AddStreamRnnInference_CorruptCheckpoint_FailsValidationNamingTheSetting()
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
    public async Task InferenceBatcher_CheckpointSet_ServesTheTrainedWeights()
    {
        var ct = TestContext.Current.CancellationToken;
        using var trained = TrainSmall(RecurrentCellKind.Gru);
        var path = Path.Combine(_directory, "gru.ckpt");
        CheckpointFile.Save(ModelCheckpoints.Capture(trained.Model, trained.Normalizations, new Dictionary<string, string>()), path);
        await using var provider = Services(path);
        var batcher = provider.GetRequiredService<Batching.IInferenceBatcher>();

        var inputs = TestBatchers.RandomValues(new Random(9), 7);
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
        services.AddStreamRnnInference();
        return services.BuildServiceProvider();
    }
}
