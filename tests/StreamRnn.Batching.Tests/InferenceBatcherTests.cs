using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;
using StreamRnn.Batching;
using StreamRnn.Models;
using TorchSharp;
using StreamRnn.Telemetry;

using StreamRnn.Tests.Shared;

namespace StreamRnn.Batching.Tests;

public sealed class InferenceBatcherTests
{
    private const float Tolerance = 1e-5f;
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    public static TheoryData<RecurrentCellKind, int, int, int> StreamingCases => new()
    {
        { RecurrentCellKind.Gru, 1, 1, 32 },
        { RecurrentCellKind.Gru, 2, 2, 8 },
        { RecurrentCellKind.Lstm, 2, 2, 32 },
        { RecurrentCellKind.Lstm, 1, 1, 16 },
        { RecurrentCellKind.Rnn, 1, 2, 32 },
    };

    [Theory]
    [MemberData(nameof(StreamingCases))]
    public async Task StepAsync_StreamedInRandomChunks_MatchesOfflineForecast(RecurrentCellKind cell, int layers, int channels, int hidden)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var model = new ModelOptions { Cell = cell, Layers = layers, Channels = channels, HiddenSize = hidden, Horizon = 4, Seed = 4242, Device = "cpu" };
        var shape = ModelShape.FromOptions(model);
        var random = new Random(((int)cell * 100) + (layers * 10) + channels);
        var sequences = Enumerable.Range(0, 20)
            .Select(_ => TestValues.RandomValues(random, random.Next(5, 41) * channels))
            .ToArray();
        var expected = Offline(shape, model.Seed, sequences);

        var mixed = await StreamAsync(
            model, new InferenceOptions { MaxBatchSize = 512, MaxWait = TimeSpan.FromMilliseconds(20) }, sequences, chunkSeed: 1, cancellationToken);
        var unbatched = await StreamAsync(
            model, new InferenceOptions { MaxBatchSize = 1, MaxWait = TimeSpan.FromMilliseconds(20) }, sequences, chunkSeed: 2, cancellationToken);

        AssertMatches(expected, mixed.Series);
        AssertMatches(expected, unbatched.Series);
        Assert.Contains(mixed.BatchSizes, size => size > 1);
        Assert.All(unbatched.BatchSizes, size => Assert.Equal(1, size));
    }

    [Fact]
    public async Task StepAsync_MaxBatchSizeReached_FlushesWithoutWaitingForMaxWait()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider();
        await using var batcher = TestBatchers.Create(
            new ModelOptions { Device = "cpu" }, new InferenceOptions { MaxBatchSize = 4, MaxWait = TimeSpan.FromHours(1) }, time);

        var requests = Enumerable.Range(1, 4).Select(steps => batcher.StepAsync(new float[steps], steps, null, cancellationToken).AsTask()).ToArray();
        var results = await Task.WhenAll(requests).WaitAsync(Guard, cancellationToken);

        Assert.All(results, result => Assert.Equal(4, result.BatchSize));
        Assert.Equal([5, 10, 15, 20], results.Select(r => r.Forecasts.Length));
        Assert.All(results, result => Assert.Equal(32, result.State.Length));
    }

    [Fact]
    public async Task StepAsync_MaxWaitElapses_FlushesPartialBatch()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider();
        await using var batcher = TestBatchers.Create(
            new ModelOptions { Device = "cpu" }, new InferenceOptions { MaxBatchSize = 8, MaxWait = TimeSpan.FromMilliseconds(50) }, time);

        var first = batcher.StepAsync([0.5f], 1, null, cancellationToken).AsTask();
        var second = batcher.StepAsync([0.1f, 0.2f], 2, null, cancellationToken).AsTask();
        Assert.False(first.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(50));
        var results = await Task.WhenAll(first, second).WaitAsync(Guard, cancellationToken);

        Assert.All(results, result => Assert.Equal(2, result.BatchSize));
        Assert.All(results, result => Assert.Equal(1, result.ModelVersion));
    }

    [Fact]
    public async Task StepAsync_Batch_IsAnsweredInOneThreadPoolWorkItem_NeverOnTheBatcherThread()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider();
        await using var batcher = TestBatchers.Create(
            new ModelOptions { Device = "cpu" }, new InferenceOptions { MaxBatchSize = 8, MaxWait = TimeSpan.FromMilliseconds(50) }, time);

        async Task<(int Thread, string? Name, bool ThreadPool, int BatchSize)> CallAsync(float value)
        {
            var result = await batcher.StepAsync([value], 1, null, cancellationToken).ConfigureAwait(false);
            return (Environment.CurrentManagedThreadId, Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread, result.BatchSize);
        }

        // Every caller is waiting before the batch flushes, so each continues wherever the batch is answered.
        var calls = Enumerable.Range(0, 4).Select(i => CallAsync(i / 4f)).ToArray();
        Assert.DoesNotContain(calls, call => call.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(50));
        var answered = await Task.WhenAll(calls).WaitAsync(Guard, cancellationToken);

        Assert.All(answered, call => Assert.Equal(4, call.BatchSize));
        Assert.All(answered, call => Assert.True(call.ThreadPool, $"answered on {call.Name ?? "an unnamed thread"}, not the thread pool"));
        Assert.Single(answered.Select(call => call.Thread).Distinct());
    }

    [Fact]
    public async Task StepAsync_CancelledWhileQueued_CompletesCancelledAndIsLeftOut()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider();
        await using var batcher = TestBatchers.Create(
            new ModelOptions { Device = "cpu" }, new InferenceOptions { MaxBatchSize = 3, MaxWait = TimeSpan.FromHours(1) }, time);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var kept = batcher.StepAsync([1f], 1, null, cancellationToken).AsTask();
        var cancelled = batcher.StepAsync([2f], 1, null, cancellation.Token).AsTask();
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Guard, cancellationToken));
        var others = new[]
        {
            batcher.StepAsync([3f], 1, null, cancellationToken).AsTask(),
            batcher.StepAsync([4f], 1, null, cancellationToken).AsTask(),
        };
        var results = await Task.WhenAll([kept, .. others]).WaitAsync(Guard, cancellationToken);

        Assert.All(results, result => Assert.Equal(3, result.BatchSize));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await batcher.StepAsync([1f], 1, null, new CancellationToken(canceled: true)));
    }

    [Theory]
    [InlineData(3, 2, 0, "inputs")]
    [InlineData(2, 3, 0, "inputs")]
    [InlineData(2, 2, 31, "state")]
    [InlineData(0, 0, 0, "steps")]
    public async Task StepAsync_WrongSizes_ThrowsArgumentException(int inputCount, int steps, int stateSize, string parameter)
    {
        await using var batcher = TestBatchers.Create(new ModelOptions { Device = "cpu" }, new InferenceOptions());
        var state = stateSize == 0 ? null : new float[stateSize];

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(
            async () => await batcher.StepAsync(new float[inputCount], steps, state, TestContext.Current.CancellationToken));

        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public async Task DisposeAsync_WithQueuedRequests_DrainsThenRejects()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider();
        var batcher = TestBatchers.Create(
            new ModelOptions { Device = "cpu" }, new InferenceOptions { MaxBatchSize = 100, MaxWait = TimeSpan.FromHours(1) }, time);
        var queued = Enumerable.Range(0, 3).Select(i => batcher.StepAsync([i], 1, null, cancellationToken).AsTask()).ToArray();

        await batcher.DisposeAsync().AsTask().WaitAsync(Guard, cancellationToken);

        Assert.All(queued, request => Assert.True(request.IsCompletedSuccessfully));
        Assert.All(queued, request => Assert.Equal(3, request.Result.BatchSize));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await batcher.StepAsync([1f], 1, null, cancellationToken));
    }

    [Fact]
    public async Task StepAsync_AfterBatch_EmitsMetrics()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var meterFactory = new TestMeterFactory();
        var measurements = new ConcurrentDictionary<string, ConcurrentBag<double>>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meterFactory) && instrument.Meter.Name == StreamRnnTelemetry.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => measurements.GetOrAdd(instrument.Name, _ => []).Add(value));
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => measurements.GetOrAdd(instrument.Name, _ => []).Add(value));
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => measurements.GetOrAdd(instrument.Name, _ => []).Add(value));
        listener.Start();
        await using var batcher = TestBatchers.Create(
            new ModelOptions { Device = "cpu" },
            new InferenceOptions { MaxBatchSize = 2, MaxWait = TimeSpan.FromHours(1) },
            new FakeTimeProvider(),
            meterFactory);

        await Task.WhenAll(
            batcher.StepAsync(new float[2], 2, null, cancellationToken).AsTask(),
            batcher.StepAsync(new float[3], 3, null, cancellationToken).AsTask()).WaitAsync(Guard, cancellationToken);

        Assert.Equal([2d], measurements["streamrnn.inference.batch.size"]);
        Assert.Equal([5d], measurements["streamrnn.inference.batch.steps"]);
        Assert.Equal([5d], measurements["streamrnn.inference.steps"]);
        Assert.Single(measurements["streamrnn.inference.duration"]);
        Assert.Equal(2, measurements["streamrnn.inference.queue.duration"].Count);
    }

    [Fact]
    public async Task StepAsync_ForwardThrows_FailsBatchAndKeepsServing()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var options = new ModelOptions { Device = "cpu", Channels = 1 };
        var mismatched = new ModelShape(RecurrentCellKind.Gru, Channels: 2, HiddenSize: 32, Layers: 1, Horizon: 5);
        await using var batcher = TestBatchers.Create(
            options, new InferenceOptions { MaxWait = TimeSpan.Zero }, modelFactory: () => new RecurrentForecaster(mismatched, 1));
        await batcher.Ready.WaitAsync(Guard, cancellationToken);

        await Assert.ThrowsAsync<ArgumentException>(async () => await batcher.StepAsync([1f], 1, null, cancellationToken));
        await Assert.ThrowsAsync<ArgumentException>(async () => await batcher.StepAsync([1f, 2f], 2, null, cancellationToken));
    }

    [Fact]
    public async Task Ready_ModelCannotBeCreated_FaultsAndFailsRequests()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var batcher = TestBatchers.Create(
            new ModelOptions { Device = "cpu" }, new InferenceOptions(), modelFactory: () => throw new InvalidDataException("bad weights"));

        var ready = await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.Ready.WaitAsync(Guard, cancellationToken));
        var request = await Assert.ThrowsAsync<InvalidOperationException>(async () => await batcher.StepAsync([1f], 1, null, cancellationToken));

        Assert.IsType<InvalidDataException>(ready.InnerException);
        Assert.Same(ready, request);
    }

    private static Series[] Offline(ModelShape shape, long seed, float[][] sequences)
    {
        using var model = new RecurrentForecaster(shape, seed);
        model.eval();
        using var noGrad = torch.no_grad();
        var results = new Series[sequences.Length];
        for (var i = 0; i < sequences.Length; i++)
        {
            using var scope = torch.NewDisposeScope();
            var steps = sequences[i].Length / shape.Channels;
            var (forecasts, state) = model.Forecast(torch.tensor(sequences[i], [1, steps, shape.Channels]), null);
            results[i] = new Series(forecasts.contiguous().data<float>().ToArray(), state.contiguous().data<float>().ToArray());
        }

        return results;
    }

    private static async Task<(Series[] Series, int[] BatchSizes)> StreamAsync(
        ModelOptions model, InferenceOptions inference, float[][] sequences, int chunkSeed, CancellationToken cancellationToken)
    {
        await using var batcher = TestBatchers.Create(model, inference);
        var batchSizes = new ConcurrentBag<int>();
        var sensors = sequences.Select((sequence, index) => StreamSensorAsync(batcher, sequence, new Random((chunkSeed * 1000) + index), batchSizes, cancellationToken));
        var series = await Task.WhenAll(sensors).WaitAsync(Guard, cancellationToken);
        return (series, batchSizes.ToArray());
    }

    private static async Task<Series> StreamSensorAsync(
        InferenceBatcher batcher, float[] sequence, Random chunks, ConcurrentBag<int> batchSizes, CancellationToken cancellationToken)
    {
        var channels = batcher.Shape.Channels;
        var horizon = batcher.Shape.Horizon;
        var steps = sequence.Length / channels;
        var forecasts = new float[steps * horizon];
        float[]? state = null;
        for (var position = 0; position < steps;)
        {
            var count = Math.Min(chunks.Next(1, 6), steps - position);
            var result = await batcher.StepAsync(sequence[(position * channels)..((position + count) * channels)], count, state, cancellationToken);
            Assert.Equal(count * horizon, result.Forecasts.Length);
            result.Forecasts.CopyTo(forecasts, position * horizon);
            state = result.State;
            batchSizes.Add(result.BatchSize);
            position += count;
        }

        return new Series(forecasts, state!);
    }

    private static void AssertMatches(Series[] expected, Series[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0f;
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Forecasts.Length, actual[i].Forecasts.Length);
            Assert.Equal(expected[i].State.Length, actual[i].State.Length);
            worst = Math.Max(worst, MaxAbsDifference(expected[i].Forecasts, actual[i].Forecasts));
            worst = Math.Max(worst, MaxAbsDifference(expected[i].State, actual[i].State));
        }

        Assert.True(worst <= Tolerance, $"max abs difference {worst} > {Tolerance}");
    }

    private static float MaxAbsDifference(float[] expected, float[] actual)
    {
        var worst = 0f;
        for (var i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        }

        return worst;
    }

    private sealed record Series(float[] Forecasts, float[] State);
}
