using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamRnn.Models.Checkpoints;
using StreamRnn.Models;
using TorchSharp;
using StreamRnn.Telemetry;

namespace StreamRnn.Batching;

/// <summary>
/// The process-wide batcher: owns the model and its device on one dedicated thread and runs one
/// batched forward per flush over every waiting request.
/// </summary>
/// <remarks>
/// <para>
/// Flush policy: the thread blocks until a request arrives, then keeps collecting until it holds
/// <see cref="InferenceOptions.MaxBatchSize"/> live requests or <see cref="InferenceOptions.MaxWait"/>
/// has elapsed since the oldest of them was queued (measured with the injected <see cref="TimeProvider"/>),
/// whichever comes first. Whatever is already queued is always taken without waiting, so under load
/// batches fill while the previous forward runs. <c>MaxWait = 0</c> never waits: each batch is just
/// what was queued. Shutdown flushes at once.
/// </para>
/// <para>
/// Each batch is padded to its longest request and run with per-row lengths
/// (<see cref="RecurrentForecaster.ForecastRagged"/>: packed sequences, or a dense forward when all
/// lengths are equal), inside <c>torch.NewDisposeScope()</c> and <c>torch.inference_mode()</c>.
/// Requests complete on the thread pool, never on the batcher thread.
/// </para>
/// </remarks>
public sealed partial class InferenceBatcher : IInferenceBatcher, IAsyncDisposable
{
    private readonly ModelOptions _modelOptions;
    private readonly InferenceOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<InferenceBatcher> _logger;
    private readonly Func<RecurrentForecaster> _modelFactory;
    private readonly torch.Device _device;
    private readonly Channel<PendingStep> _queue;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Meter? _ownedMeter;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<int> _batchSteps;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _queueDuration;
    private readonly Counter<long> _steps;
    private readonly Counter<long> _swapCounter;
    private readonly Counter<long> _failedSteps;
    private volatile int _modelVersion = 1;
    private int _disposed;
    private long _swaps;
    private long _failedStepCount;
    private PendingSwap? _pendingSwap;
    private TaskCompletionSource _swapSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates the batcher and starts its thread, which builds the model on the configured device.</summary>
    /// <param name="modelOptions">Model shape, seed and device.</param>
    /// <param name="inferenceOptions">Batching policy.</param>
    /// <param name="timeProvider">Clock for the MaxWait deadline and durations.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="meterFactory">Creates the <see cref="StreamRnnTelemetry.MeterName"/> meter; a private meter when absent.</param>
    /// <exception cref="InvalidOperationException">The device cannot be used (for example CUDA requested but unavailable).</exception>
    public InferenceBatcher(
        IOptions<ModelOptions> modelOptions,
        IOptions<InferenceOptions> inferenceOptions,
        TimeProvider timeProvider,
        ILogger<InferenceBatcher> logger,
        IMeterFactory? meterFactory = null)
        : this(modelOptions, inferenceOptions, timeProvider, logger, meterFactory, modelFactory: null)
    {
    }

    /// <summary>Test seam: <paramref name="modelFactory"/> replaces the seeded model (it runs on the batcher thread).</summary>
    internal InferenceBatcher(
        IOptions<ModelOptions> modelOptions,
        IOptions<InferenceOptions> inferenceOptions,
        TimeProvider timeProvider,
        ILogger<InferenceBatcher> logger,
        IMeterFactory? meterFactory,
        Func<RecurrentForecaster>? modelFactory)
    {
        ArgumentNullException.ThrowIfNull(modelOptions);
        ArgumentNullException.ThrowIfNull(inferenceOptions);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _modelOptions = modelOptions.Value;
        _options = inferenceOptions.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        Shape = ModelShape.FromOptions(_modelOptions);
        Shape.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxBatchSize, 1, nameof(inferenceOptions));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.QueueCapacity, 1, nameof(inferenceOptions));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxWait, TimeSpan.Zero, nameof(inferenceOptions));
        _device = TorchDeviceSelector.Resolve(_modelOptions.Device);
        _modelFactory = modelFactory ?? CreateModel;

        Meter meter;
        if (meterFactory is null)
        {
            meter = _ownedMeter = new Meter(StreamRnnTelemetry.MeterName);
        }
        else
        {
            meter = meterFactory.Create(new MeterOptions(StreamRnnTelemetry.MeterName));
        }

        _batchSize = meter.CreateHistogram<int>("streamrnn.inference.batch.size", "{request}", "Requests per batched forward.");
        _batchSteps = meter.CreateHistogram<int>("streamrnn.inference.batch.steps", "{step}", "Total steps per batched forward.");
        _duration = meter.CreateHistogram<double>("streamrnn.inference.duration", "ms", "Wall time of one batched forward, copies included.");
        _queueDuration = meter.CreateHistogram<double>("streamrnn.inference.queue.duration", "ms", "Time a request waited before its forward started.");
        _steps = meter.CreateCounter<long>("streamrnn.inference.steps", "{step}", "Steps run through the model.");
        _swapCounter = meter.CreateCounter<long>("streamrnn.inference.swaps", "{swap}", "Switches to other weights.");
        _failedSteps = meter.CreateCounter<long>("streamrnn.inference.steps.failed", "{step}", "Steps whose batched forward failed.");

        _queue = Channel.CreateBounded<PendingStep>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
        });
        _thread = new Thread(Run)
        {
            IsBackground = true,
            Name = "StreamRnn inference batcher",
        };
        _thread.Start();
    }

    /// <inheritdoc />
    public ModelShape Shape { get; }

    /// <inheritdoc />
    public int ModelVersion => _modelVersion;

    /// <inheritdoc />
    public long Swaps => Interlocked.Read(ref _swaps);

    /// <inheritdoc />
    public long FailedSteps => Interlocked.Read(ref _failedStepCount);

    /// <summary>
    /// Completes once the model is built and on its device; faults with the reason if that failed
    /// (every request then fails with the same reason). Handy for readiness checks.
    /// </summary>
    public Task Ready => _ready.Task;

    /// <inheritdoc />
    public ValueTask<StepResult> StepAsync(float[] inputs, int steps, float[]? state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        if (inputs.Length != (long)steps * Shape.Channels)
        {
            throw new ArgumentException(
                $"Expected steps × Channels = {steps} × {Shape.Channels} = {(long)steps * Shape.Channels} input values but got {inputs.Length}.",
                nameof(inputs));
        }

        if (state is not null && state.Length != Shape.StateSize)
        {
            throw new ArgumentException(
                $"Expected a state of {Shape.StateSize} floats ({Shape.Cell}, {Shape.Layers} layer(s) × {Shape.HiddenSize}) or null but got {state.Length}.",
                nameof(state));
        }

        if (Volatile.Read(ref _disposed) != 0)
        {
            throw ShuttingDown();
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<StepResult>(cancellationToken);
        }

        var request = new PendingStep(inputs, steps, state, _timeProvider.GetTimestamp());
        request.CancelWith(cancellationToken);
        if (_queue.Writer.TryWrite(request))
        {
            return new ValueTask<StepResult>(request.Task);
        }

        return EnqueueSlowAsync(request, cancellationToken);
    }

    /// <inheritdoc />
    public async Task SwapAsync(int version, ModelCheckpoint? checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw ShuttingDown();
        }

        if (checkpoint is not null && ForecasterLayout.Mismatch(checkpoint) is { } mismatch)
        {
            throw new InvalidOperationException($"Model version {version} cannot be served: {mismatch}.");
        }

        if (checkpoint is not null && checkpoint.Architecture != Shape)
        {
            throw new InvalidOperationException(
                $"Model version {version} has architecture {checkpoint.Architecture} but this batcher serves {Shape}; a different architecture needs a restart with other Model settings.");
        }

        // Built beside the served model, off the batcher thread, so batches keep running meanwhile.
        var model = await Task.Run(() => BuildModel(version, checkpoint), cancellationToken).ConfigureAwait(false);
        var swap = new PendingSwap(model, version);
        var previous = Interlocked.Exchange(ref _pendingSwap, swap);
        previous?.Supersede();
        Interlocked.Exchange(ref _swapSignal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        if (Volatile.Read(ref _disposed) != 0 && Interlocked.CompareExchange(ref _pendingSwap, null, swap) == swap)
        {
            swap.Supersede();
            throw ShuttingDown();
        }

        await swap.Served.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops accepting requests, runs every request already queued, then disposes the model and
    /// joins the batcher thread.
    /// </summary>
    /// <returns>A task that completes when the thread has ended.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _queue.Writer.TryComplete();
        }

        await _stopped.Task.ConfigureAwait(false);
        _thread.Join();
        _ownedMeter?.Dispose();
    }

    private static ObjectDisposedException ShuttingDown()
    {
        return new ObjectDisposedException(nameof(InferenceBatcher), "The inference batcher is shutting down and accepts no new requests.");
    }

    private static bool Block(ValueTask<bool> pending)
    {
        // Only ever called on the batcher's own thread, never a pool thread: blocking is its job.
        return pending.IsCompleted ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    private async ValueTask<StepResult> EnqueueSlowAsync(PendingStep request, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            var disposed = ShuttingDown();
            request.Fail(disposed);
            throw disposed;
        }

        return await request.Task.ConfigureAwait(false);
    }

    private void Run()
    {
        RecurrentForecaster? model = null;
        Exception? modelError = null;
        try
        {
            model = _modelFactory();
            model.to(_device);
            model.FlattenParameters();
            model.eval();
            _modelVersion = model.ModelVersion;
            LogModelReady(_device, Shape.Cell, Shape.Layers, Shape.HiddenSize, Shape.Channels, Shape.Horizon, model.ModelVersion);
            _ready.TrySetResult();
        }
#pragma warning disable CA1031 // Any failure to build the model is reported through Ready and every request.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            model?.Dispose();
            model = null;
            modelError = new InvalidOperationException($"The inference model could not be created on device '{_device}': {ex.Message}", ex);
            LogModelFailed(ex, _device);
            _ready.TrySetException(modelError);
        }

        var batch = new List<PendingStep>(Math.Min(_options.MaxBatchSize, 4096));
        try
        {
            while (Collect(batch))
            {
                model = ApplyPendingSwap(model);
                if (batch.Count == 0)
                {
                    continue;
                }

                if (model is null)
                {
                    foreach (var request in batch)
                    {
                        request.Fail(modelError!);
                    }
                }
                else
                {
                    Execute(model, batch);
                }

                batch.Clear();
            }
        }
        finally
        {
            model?.Dispose();
            Interlocked.Exchange(ref _pendingSwap, null)?.Supersede();
            LogStopped();
            _stopped.TrySetResult();
        }
    }

    /// <summary>Fills <paramref name="batch"/> per the flush policy; false once the queue is completed and empty.</summary>
    private bool Collect(List<PendingStep> batch)
    {
        var reader = _queue.Reader;
        var maxBatch = _options.MaxBatchSize;
        var maxWait = _options.MaxWait;
        while (true)
        {
            while (batch.Count < maxBatch && reader.TryRead(out var request))
            {
                if (!request.IsDone)
                {
                    batch.Add(request);
                }
            }

            if (batch.Count == maxBatch)
            {
                // Requests cancelled while collected do not count towards a full batch.
                batch.RemoveAll(static r => r.IsDone);
                if (batch.Count == maxBatch)
                {
                    return true;
                }

                continue;
            }

            if (batch.Count == 0)
            {
                // The signal is read before the pending swap, so a swap posted in between is never missed.
                var signal = Volatile.Read(ref _swapSignal).Task;
                if (Volatile.Read(ref _pendingSwap) is not null)
                {
                    // An idle batcher switches at once: the empty batch is the boundary.
                    return true;
                }

                var waitForData = reader.WaitToReadAsync().AsTask();
                if (!waitForData.IsCompleted)
                {
                    Task.WaitAny(waitForData, signal);
                    if (!waitForData.IsCompleted)
                    {
                        continue;
                    }
                }

                if (!waitForData.GetAwaiter().GetResult())
                {
                    return false;
                }

                continue;
            }

            var remaining = maxWait - _timeProvider.GetElapsedTime(batch[0].EnqueuedAt);
            if (remaining <= TimeSpan.Zero)
            {
                return true;
            }

            var readable = reader.WaitToReadAsync();
            if (readable.IsCompleted)
            {
                if (!readable.Result)
                {
                    return true;
                }

                continue;
            }

            using var deadline = new CancellationTokenSource();
            var delay = Task.Delay(remaining, _timeProvider, deadline.Token);
            var more = readable.AsTask();

            // The clock may have moved between measuring and arming the timer (a test's fake clock).
            if (_timeProvider.GetElapsedTime(batch[0].EnqueuedAt) >= maxWait)
            {
                deadline.Cancel();
                return true;
            }

            var woken = Task.WaitAny(more, delay);
            deadline.Cancel();
            if (woken == 1 || !more.Result)
            {
                return true;
            }
        }
    }

    private void Execute(RecurrentForecaster model, List<PendingStep> batch)
    {
        batch.RemoveAll(static r => r.IsDone);
        if (batch.Count == 0)
        {
            return;
        }

        var started = _timeProvider.GetTimestamp();
        foreach (var request in batch)
        {
            _queueDuration.Record(_timeProvider.GetElapsedTime(request.EnqueuedAt, started).TotalMilliseconds);
        }

        var count = batch.Count;
        var channels = Shape.Channels;
        var horizon = Shape.Horizon;
        var stateSize = Shape.StateSize;
        var longest = 0;
        var totalSteps = 0;
        foreach (var request in batch)
        {
            longest = Math.Max(longest, request.Steps);
            totalSteps += request.Steps;
        }

        StepResult[]? results = null;
        Exception? failure = null;
        try
        {
            var inputs = new float[(long)count * longest * channels];
            var states = new float[(long)count * stateSize];
            var lengths = new long[count];
            for (var i = 0; i < count; i++)
            {
                var request = batch[i];
                request.Inputs.CopyTo(inputs, (long)i * longest * channels);
                request.State?.CopyTo(states, (long)i * stateSize);
                lengths[i] = request.Steps;
            }

            float[] forecasts;
            float[] finalStates;
            using (torch.NewDisposeScope())
            using (torch.inference_mode())
            {
                var inputTensor = torch.tensor(inputs, [count, longest, channels], torch.ScalarType.Float32).to(_device);
                var stateTensor = torch.tensor(states, [count, stateSize], torch.ScalarType.Float32).to(_device);
                var (forecastTensor, finalStateTensor) = model.ForecastRagged(inputTensor, stateTensor, lengths);
                forecasts = forecastTensor.contiguous().cpu().data<float>().ToArray();
                finalStates = finalStateTensor.contiguous().cpu().data<float>().ToArray();
            }

            results = new StepResult[count];
            var version = model.ModelVersion;
            var offset = 0L;
            for (var i = 0; i < count; i++)
            {
                var stepForecasts = new float[batch[i].Steps * horizon];
                Array.Copy(forecasts, offset, stepForecasts, 0, stepForecasts.Length);
                offset += stepForecasts.Length;
                var state = new float[stateSize];
                Array.Copy(finalStates, (long)i * stateSize, state, 0, stateSize);
                results[i] = new StepResult(state, stepForecasts, version, count);
            }
        }
#pragma warning disable CA1031 // A failed forward fails its own requests; the batcher keeps serving.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failure = ex;
            LogBatchFailed(ex, count, totalSteps);
        }

        var elapsed = _timeProvider.GetElapsedTime(started).TotalMilliseconds;
        _batchSize.Record(count);
        _batchSteps.Record(totalSteps);
        _duration.Record(elapsed);
        if (failure is null)
        {
            _steps.Add(totalSteps);
        }
        else
        {
            Interlocked.Add(ref _failedStepCount, totalSteps);
            _failedSteps.Add(totalSteps);
        }

        for (var i = 0; i < count; i++)
        {
            if (results is null)
            {
                batch[i].Fail(failure!);
            }
            else
            {
                batch[i].Succeed(results[i]);
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Inference model v{ModelVersion} ready on {Device}: {Cell}, {Layers} layer(s) × {HiddenSize}, {Channels} channel(s), horizon {Horizon}")]
    private partial void LogModelReady(torch.Device device, RecurrentCellKind cell, int layers, int hiddenSize, int channels, int horizon, int modelVersion);

    [LoggerMessage(EventId = 2, Level = LogLevel.Critical, Message = "Inference model could not be created on {Device}; every request will fail")]
    private partial void LogModelFailed(Exception exception, torch.Device device);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Batched forward failed for {Requests} request(s), {Steps} step(s)")]
    private partial void LogBatchFailed(Exception exception, int requests, int steps);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Inference batcher stopped")]
    private partial void LogStopped();

    /// <summary>Runs on the batcher thread between batches: switches to a waiting model, disposing the old one.</summary>
    private RecurrentForecaster? ApplyPendingSwap(RecurrentForecaster? current)
    {
        if (Interlocked.Exchange(ref _pendingSwap, null) is not { } swap)
        {
            return current;
        }

        var from = current?.ModelVersion ?? 0;
        current?.Dispose();
        _modelVersion = swap.Version;
        Interlocked.Increment(ref _swaps);
        _swapCounter.Add(1);
        LogSwapped(from, swap.Version);
        swap.MarkServed();
        return swap.Model;
    }

    private RecurrentForecaster BuildModel(int version, ModelCheckpoint? checkpoint)
    {
        var model = checkpoint is null ? _modelFactory() : ModelCheckpoints.Restore(checkpoint, version);
        try
        {
            model.ModelVersion = version;

            model.to(_device);
            model.FlattenParameters();
            model.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Inference batcher switched from model v{From} to v{To} at a batch boundary")]
    private partial void LogSwapped(int from, int to);

    /// <summary>The trained checkpoint when <c>Model:Checkpoint</c> is set, otherwise the seeded initial model.</summary>
    private RecurrentForecaster CreateModel()
    {
        if (string.IsNullOrWhiteSpace(_modelOptions.Checkpoint))
        {
            return new RecurrentForecaster(Shape, _modelOptions.Seed);
        }

        var model = ModelCheckpoints.Restore(CheckpointFile.Load(_modelOptions.Checkpoint));
        var sha256 = CheckpointFile.ContentSha256(_modelOptions.Checkpoint);
        LogCheckpointLoaded(_modelOptions.Checkpoint, sha256);
        return model;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Inference model loaded from checkpoint {Path} (SHA-256 {Sha256})")]
    private partial void LogCheckpointLoaded(string path, string sha256);
}
