using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using StreamRnn.Batching;
using StreamRnn.Models;
using StreamRnn.Models.Checkpoints;
using StreamRnn.Telemetry;
using StreamRnn.Tests.Shared;
using TorchSharp;

namespace StreamRnn.Batching.Tests;

/// <summary>
/// A version whose forecasts turn NaN or infinite at run time (a ReLU RNN whose recurrent weights make the state grow
/// ×16 a step: finite weights, finite for a few steps, infinite after about 32) is never served to a caller.
/// </summary>
public sealed class InferenceBatcherNonFiniteTests
{
    private const int LongSteps = 48;
    private const int ShortSteps = 3;
    private const long Seed = 101;
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    private static readonly ModelOptions Model = new()
    {
        Cell = RecurrentCellKind.Rnn,
        RnnNonlinearity = RnnNonlinearity.Relu,
        HiddenSize = 8,
        Horizon = 3,
        Seed = Seed,
        Device = "cpu",
    };

    private static readonly InferenceOptions Batching = new() { MaxBatchSize = 16, MaxWait = TimeSpan.FromMilliseconds(1) };

    [Fact]
    public async Task StepAsync_SwappedInVersionForecastsInfinity_BatchIsAnsweredByThePreviousVersionAndTheNewOneDropped()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var batcher = TestBatchers.Create(Model, Batching);
        var faulted = new TaskCompletionSource<ModelFault>(TaskCreationOptions.RunContinuationsAsynchronously);
        batcher.ModelFaulted += (_, fault) => faulted.TrySetResult(fault);
        await batcher.SwapAsync(2, Diverging(), ct).WaitAsync(Guard, ct);
        var inputs = Ones(LongSteps);
        Assert.False(AllFinite(Forecast(Diverging(), inputs)), "the test model does not diverge");

        var result = await batcher.StepAsync(inputs, LongSteps, null, ct);
        var fault = await faulted.Task.WaitAsync(Guard, ct);

        Assert.Equal(1, result.ModelVersion);
        Assert.True(AllFinite(result.Forecasts) && AllFinite(result.State));
        AssertClose(Forecast(Seeded(), inputs), result.Forecasts);
        Assert.Equal(1, batcher.ModelVersion);
        Assert.Equal(2, batcher.Swaps);
        Assert.Equal(0, batcher.NonFiniteRequests);
        Assert.Equal((2, 1), (fault.Version, fault.FallbackVersion));
        Assert.Contains("NaN or infinity", fault.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StepAsync_OneRowOfABatchDiverges_TheWholeBatchIsReRunOnThePreviousVersion()
    {
        var ct = TestContext.Current.CancellationToken;

        // Three requests make a batch (MaxBatchSize); the wait is long enough that they are always run together.
        await using var batcher = TestBatchers.Create(Model, new InferenceOptions { MaxBatchSize = 3, MaxWait = TimeSpan.FromMinutes(5) });
        await batcher.SwapAsync(2, Diverging(), ct).WaitAsync(Guard, ct);

        var results = await Task.WhenAll(
            batcher.StepAsync(Ones(ShortSteps), ShortSteps, null, ct).AsTask(),
            batcher.StepAsync(Ones(LongSteps), LongSteps, null, ct).AsTask(),
            batcher.StepAsync(Ones(ShortSteps), ShortSteps, null, ct).AsTask()).WaitAsync(Guard, ct);

        Assert.All(results, r => Assert.Equal(3, r.BatchSize));
        Assert.All(results, r => Assert.Equal(1, r.ModelVersion));
        AssertClose(Forecast(Seeded(), Ones(ShortSteps)), results[0].Forecasts);
        AssertClose(Forecast(Seeded(), Ones(LongSteps)), results[1].Forecasts);
    }

    [Fact]
    public async Task SwapAsync_VersionDroppedForNonFiniteForecasts_IsRefusedAndTheFallbackStays()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var batcher = TestBatchers.Create(Model, Batching);
        await batcher.SwapAsync(2, Diverging(), ct).WaitAsync(Guard, ct);
        await batcher.StepAsync(Ones(LongSteps), LongSteps, null, ct);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.SwapAsync(2, Diverging(), ct));

        Assert.Contains("non-finite", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await batcher.StepAsync(Ones(ShortSteps), ShortSteps, null, ct)).ModelVersion);
    }

    [Fact]
    public async Task StepAsync_OnlyVersionDiverges_ThatRequestFailsWithNonFiniteOutputAndTheOthersAreAnswered()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var batcher = TestBatchers.Create(Model, Batching, modelFactory: () => ModelCheckpoints.Restore(Diverging()));

        var failed = await Assert.ThrowsAsync<NonFiniteOutputException>(async () => await batcher.StepAsync(Ones(LongSteps), LongSteps, null, ct));
        var answered = await batcher.StepAsync(Ones(ShortSteps), ShortSteps, null, ct);

        Assert.Equal(1, failed.ModelVersion);
        Assert.Contains("no earlier version", failed.Message, StringComparison.Ordinal);
        Assert.True(AllFinite(answered.Forecasts));
        AssertClose(Forecast(Diverging(), Ones(ShortSteps)), answered.Forecasts);
        Assert.Equal(1, batcher.NonFiniteRequests);
        Assert.Equal(0, batcher.Swaps);
    }

    [Fact]
    public async Task StepAsync_NonFiniteInputWithAFallback_FailsThatRequestAndKeepsTheServedVersion()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var batcher = TestBatchers.Create(Model, Batching);
        var faults = 0;
        batcher.ModelFaulted += (_, _) => Interlocked.Increment(ref faults);
        await batcher.SwapAsync(2, Capture(new RecurrentForecaster(ModelShape.FromOptions(Model), 202)), ct).WaitAsync(Guard, ct);

        var failed = await Assert.ThrowsAsync<NonFiniteOutputException>(async () => await batcher.StepAsync([1f, float.NaN, 1f], 3, null, ct));
        var next = await batcher.StepAsync(Ones(ShortSteps), ShortSteps, null, ct);

        Assert.Contains("v1 overflows on it too", failed.Message, StringComparison.Ordinal);
        Assert.Equal(2, next.ModelVersion);
        Assert.Equal(2, batcher.ModelVersion);
        Assert.Equal(1, batcher.Swaps);
        Assert.Equal(0, Volatile.Read(ref faults));
    }

    [Fact]
    public async Task SwapAsync_CheckpointWithNaNWeight_IsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var batcher = TestBatchers.Create(Model, Batching);
        var nan = Diverging();
        nan.Parameters[^1].Values[0] = float.NaN;

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.SwapAsync(2, nan, ct));

        Assert.Contains("non-finite weight head.bias", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, batcher.ModelVersion);
    }

    [Fact]
    public async Task StepAsync_FallbackThenAnUnanswerableRequest_CountsOneFallbackAndOneNonFiniteRequest()
    {
        var ct = TestContext.Current.CancellationToken;
        using var meterFactory = new TestMeterFactory();
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meterFactory) && instrument.Meter.Name == StreamRnnTelemetry.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value));
        listener.Start();
        await using var batcher = TestBatchers.Create(Model, Batching, meterFactory: meterFactory);
        await batcher.SwapAsync(2, Diverging(), ct).WaitAsync(Guard, ct);

        await batcher.StepAsync(Ones(LongSteps), LongSteps, null, ct);
        await Assert.ThrowsAsync<NonFiniteOutputException>(async () => await batcher.StepAsync([float.PositiveInfinity], 1, null, ct));

        Assert.Equal(1, totals.GetValueOrDefault(StreamRnnTelemetry.InferenceFallbacks));
        Assert.Equal(1, totals.GetValueOrDefault(StreamRnnTelemetry.InferenceNonFinite));
        Assert.Equal(2, totals.GetValueOrDefault(StreamRnnTelemetry.InferenceSwaps));
    }

    /// <summary>Finite weights: input and recurrent weights 2, biases 0, head weights 1 — the state grows ×16 a step.</summary>
    internal static ModelCheckpoint Diverging()
    {
        var shape = ModelShape.FromOptions(Model);
        var parameters = ForecasterLayout.Expected(shape)
            .Select(p => new CheckpointParameter(
                p.Name,
                p.Shape,
                Enumerable.Repeat(p.Name.Contains("bias", StringComparison.Ordinal) ? 0f : p.Name.StartsWith("head.", StringComparison.Ordinal) ? 1f : 2f, (int)p.Shape.Aggregate(1L, (a, b) => a * b)).ToArray()))
            .ToList();
        return new ModelCheckpoint(shape, [], new Dictionary<string, string>(), parameters);
    }

    private static ModelCheckpoint Seeded() => Capture(new RecurrentForecaster(ModelShape.FromOptions(Model), Seed));

    private static ModelCheckpoint Capture(RecurrentForecaster model)
    {
        using (model)
        {
            return ModelCheckpoints.Capture(model, [], new Dictionary<string, string>());
        }
    }

    private static float[] Ones(int steps) => Enumerable.Repeat(1f, steps).ToArray();

    private static float[] Forecast(ModelCheckpoint checkpoint, float[] input)
    {
        using var model = ModelCheckpoints.Restore(checkpoint);
        model.eval();
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var (forecasts, _) = model.Forecast(torch.tensor(input, [1, input.Length, 1]), null);
        return forecasts.contiguous().data<float>().ToArray();
    }

    private static bool AllFinite(float[] values) => values.All(float.IsFinite);

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var tolerance = 1e-5f * Math.Max(1f, Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"forecast[{i}] = {actual[i]}, expected {expected[i]}");
        }
    }
}
