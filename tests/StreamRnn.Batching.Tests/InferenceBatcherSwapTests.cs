using StreamRnn.Batching;
using StreamRnn.Models.Checkpoints;
using StreamRnn.Models;
using TorchSharp;

using StreamRnn.Tests.Shared;

namespace StreamRnn.Batching.Tests;

public sealed class InferenceBatcherSwapTests
{
    private const float Tolerance = 1e-5f;
    private const long FirstSeed = 101;
    private const long SecondSeed = 202;
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    private static readonly ModelOptions Model = new() { HiddenSize = 16, Horizon = 3, Seed = FirstSeed, Device = "cpu" };

    [Fact]
    public async Task SwapAsync_UnderConcurrentLoad_NoStepFailsAndEveryResultComesFromTheVersionItNames()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var shape = ModelShape.FromOptions(Model);
        var second = Checkpoint(shape, SecondSeed);
        var input = new[] { 0.7f };
        var expected = new Dictionary<int, float[]> { [1] = Forecast(shape, FirstSeed, input), [2] = Forecast(shape, SecondSeed, input) };
        await using var batcher = TestBatchers.Create(Model, new InferenceOptions { MaxBatchSize = 16, MaxWait = TimeSpan.FromMilliseconds(1) });
        await batcher.Ready.WaitAsync(Guard, cancellationToken);

        var swapped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var completed = 0;
        async Task<List<(int Version, float[] Forecast)>> ProduceAsync()
        {
            var seen = new List<(int, float[])>();
            while (!swapped.Task.IsCompleted || seen.Count(s => s.Item1 == 2) < 20)
            {
                var result = await batcher.StepAsync(input, 1, null, cancellationToken);
                seen.Add((result.ModelVersion, result.Forecasts));
                Interlocked.Increment(ref completed);
            }

            return seen;
        }

        var producers = Enumerable.Range(0, 8).Select(_ => Task.Run(ProduceAsync, cancellationToken)).ToArray();
        await PollAsync(() => Volatile.Read(ref completed) < 50, cancellationToken);
        await batcher.SwapAsync(2, second, cancellationToken).WaitAsync(Guard, cancellationToken);
        swapped.SetResult();
        var outputs = await Task.WhenAll(producers).WaitAsync(Guard, cancellationToken);

        Assert.Equal(0, batcher.FailedSteps);
        Assert.Equal(1, batcher.Swaps);
        Assert.Equal(2, batcher.ModelVersion);
        foreach (var sequence in outputs)
        {
            var versions = sequence.Select(s => s.Version).ToList();
            Assert.Equal(versions.Order(), versions);
            Assert.All(sequence, s => AssertClose(expected[s.Version], s.Forecast));
        }

        Assert.Contains(outputs.SelectMany(o => o), s => s.Version == 1);
    }

    [Fact]
    public async Task SwapAsync_IdleBatcher_SwitchesWithoutWaitingForTraffic()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var shape = ModelShape.FromOptions(Model);
        await using var batcher = TestBatchers.Create(Model, new InferenceOptions { MaxBatchSize = 16, MaxWait = TimeSpan.FromMilliseconds(1) });
        await batcher.Ready.WaitAsync(Guard, cancellationToken);

        await batcher.SwapAsync(5, Checkpoint(shape, SecondSeed), cancellationToken).WaitAsync(Guard, cancellationToken);

        Assert.Equal(5, batcher.ModelVersion);
        var result = await batcher.StepAsync([0.7f], 1, null, cancellationToken);
        Assert.Equal(5, result.ModelVersion);
        AssertClose(Forecast(shape, SecondSeed, [0.7f]), result.Forecasts);
    }

    [Fact]
    public async Task SwapAsync_WithoutCheckpoint_ServesTheStartingModelUnderTheGivenVersion()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var shape = ModelShape.FromOptions(Model);
        await using var batcher = TestBatchers.Create(Model, new InferenceOptions { MaxBatchSize = 16, MaxWait = TimeSpan.FromMilliseconds(1) });
        await batcher.SwapAsync(2, Checkpoint(shape, SecondSeed), cancellationToken).WaitAsync(Guard, cancellationToken);

        await batcher.SwapAsync(1, null, cancellationToken).WaitAsync(Guard, cancellationToken);

        var result = await batcher.StepAsync([0.7f], 1, null, cancellationToken);
        Assert.Equal(1, result.ModelVersion);
        AssertClose(Forecast(shape, FirstSeed, [0.7f]), result.Forecasts);
        Assert.Equal(2, batcher.Swaps);
    }

    [Fact]
    public async Task SwapAsync_OtherArchitecture_IsRefusedAndTheServedVersionStays()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var other = ModelShape.FromOptions(new ModelOptions { HiddenSize = 8, Horizon = 3 });
        await using var batcher = TestBatchers.Create(Model, new InferenceOptions { MaxBatchSize = 16, MaxWait = TimeSpan.FromMilliseconds(1) });

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.SwapAsync(2, Checkpoint(other, SecondSeed), cancellationToken));

        Assert.Contains("architecture", refused.Message, StringComparison.Ordinal);
        var result = await batcher.StepAsync([0.7f], 1, null, cancellationToken);
        Assert.Equal(1, result.ModelVersion);
        Assert.Equal(0, batcher.Swaps);
    }

    private static ModelCheckpoint Checkpoint(ModelShape shape, long seed)
    {
        using var model = new RecurrentForecaster(shape, seed);
        return ModelCheckpoints.Capture(model, [], new Dictionary<string, string>());
    }

    private static float[] Forecast(ModelShape shape, long seed, float[] input)
    {
        using var model = new RecurrentForecaster(shape, seed);
        model.eval();
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var (forecasts, _) = model.Forecast(torch.tensor(input, [1, input.Length / shape.Channels, shape.Channels]), null);
        return forecasts.contiguous().data<float>().ToArray();
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance, $"forecast[{i}] = {actual[i]}, expected {expected[i]}");
        }
    }

    private static async Task PollAsync(Func<bool> waiting, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Guard;
        while (waiting())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for traffic");
            await Task.Yield();
            if (waiting())
            {
                await Task.Delay(1, cancellationToken);
            }
        }
    }
}
