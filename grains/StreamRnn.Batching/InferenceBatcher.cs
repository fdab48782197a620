using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamRnn.Models;
using StreamRnn.Models.Checkpoints;
using StreamRnn.Telemetry;
using TorchSharp;

namespace StreamRnn.Batching;

/// <summary>
/// The process-wide batcher: owns the model and its device on one dedicated thread and runs one
/// batched forward per flush over every waiting request.
/// </summary>
/// <remarks>
/// <para>
/// Flush policy (<see cref="FlushPolicy"/>): the thread blocks until a request arrives, then keeps collecting until it holds
/// <see cref="InferenceOptions.MaxBatchSize"/> live requests or <see cref="InferenceOptions.MaxWait"/>
/// has elapsed since the oldest of them was queued (measured with the injected <see cref="TimeProvider"/>),
/// whichever comes first. Whatever is already queued is always taken without waiting, so under load
/// batches fill while the previous forward runs. <c>MaxWait = 0</c> never waits: each batch is just
/// what was queued. Shutdown flushes at once.
/// </para>
/// <para>
/// Each batch (<see cref="RaggedBatch"/>) is padded to its longest request and run with per-row lengths
/// (<see cref="RecurrentForecaster.ForecastRagged"/>: packed sequences, or a dense forward when all
/// lengths are equal), inside <c>torch.NewDisposeScope()</c> and <c>torch.inference_mode()</c>.
/// Requests complete on the thread pool, never on the batcher thread: one work item per batch (<see cref="BatchCompletion"/>).
/// </para>
/// <para>
/// The served model, its version and a swap waiting for the next batch boundary live in a <see cref="ModelSlot"/>;
/// the instruments in <see cref="BatcherMetrics"/>.
/// </para>
/// </remarks>
public sealed partial class InferenceBatcher : IInferenceBatcher, IAsyncDisposable
{
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<InferenceBatcher> _logger;
    private readonly torch.Device _device;
    private readonly FlushPolicy _flushPolicy;
    private readonly ModelSlot _slot;
    private readonly BatcherMetrics _metrics;
    private readonly Channel<PendingStep> _queue;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly AnswersInFlight _answers = new();
    private int _disposed;

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
        var model = modelOptions.Value;
        var options = inferenceOptions.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        Shape = ModelShape.FromOptions(model);
        Shape.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1, nameof(inferenceOptions));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QueueCapacity, 1, nameof(inferenceOptions));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxWait, TimeSpan.Zero, nameof(inferenceOptions));
        _device = TorchDeviceSelector.Resolve(model.Device);
        _flushPolicy = new FlushPolicy(options.MaxBatchSize, options.MaxWait, timeProvider);
        _metrics = new BatcherMetrics(meterFactory);
        _slot = new ModelSlot(model, Shape, _device, modelFactory, _metrics, logger);

        _queue = Channel.CreateBounded<PendingStep>(new BoundedChannelOptions(options.QueueCapacity)
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
    public int ModelVersion => _slot.ModelVersion;

    /// <inheritdoc />
    public long Swaps => _metrics.Swaps;

    /// <inheritdoc />
    public long FailedSteps => _metrics.FailedSteps;

    /// <inheritdoc />
    public long NonFiniteRequests => _metrics.NonFiniteRequests;

    /// <inheritdoc />
    public event EventHandler<ModelFault>? ModelFaulted;

    /// <summary>
    /// Completes once the model is built and on its device; faults with the reason if that failed
    /// (every request then fails with the same reason). Handy for readiness checks.
    /// </summary>
    public Task Ready => _slot.Ready;

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

        // A span only when a tracer listens: without one, a step allocates nothing for tracing.
        return StreamRnnActivities.Source.HasListeners()
            ? TracedStepAsync(inputs, steps, state, cancellationToken)
            : EnqueueStepAsync(inputs, steps, state, cancellationToken);
    }

    private async ValueTask<StepResult> TracedStepAsync(float[] inputs, int steps, float[]? state, CancellationToken cancellationToken)
    {
        using var activity = StreamRnnActivities.Source.StartActivity(StreamRnnActivities.InferenceStep);
        activity?.SetTag("streamrnn.inference.steps", steps);
        try
        {
            var result = await EnqueueStepAsync(inputs, steps, state, cancellationToken).ConfigureAwait(false);
            activity?.SetTag("streamrnn.model.version", result.ModelVersion);
            return result;
        }
        catch (Exception exception)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            throw;
        }
    }

    private ValueTask<StepResult> EnqueueStepAsync(float[] inputs, int steps, float[]? state, CancellationToken cancellationToken)
    {
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

        await _slot.SwapAsync(version, checkpoint, () => Volatile.Read(ref _disposed) != 0, cancellationToken).ConfigureAwait(false);
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
        await _answers.AllGiven.ConfigureAwait(false);
        _metrics.Dispose();
    }

    /// <summary>The error a request or swap gets once the batcher is shutting down.</summary>
    internal static ObjectDisposedException ShuttingDown()
    {
        return new ObjectDisposedException(nameof(InferenceBatcher), "The inference batcher is shutting down and accepts no new requests.");
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
        _slot.Load();
        var batch = new List<PendingStep>(Math.Min(_flushPolicy.MaxBatchSize, 4096));
        try
        {
            while (_flushPolicy.Collect(_queue.Reader, batch, _slot.IdleWake))
            {
                _slot.ApplyPendingSwap();
                if (batch.Count == 0)
                {
                    continue;
                }

                if (_slot.Current is { } model)
                {
                    Execute(model, batch);
                }
                else
                {
                    BatchCompletion.Fail(batch, _slot.Error!, _answers);
                }

                batch.Clear();
            }
        }
        finally
        {
            _slot.Release();
            _answers.Close();
            LogStopped();
            _stopped.TrySetResult();
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
            _metrics.RecordQueueWait(_timeProvider.GetElapsedTime(request.EnqueuedAt, started));
        }

        var count = batch.Count;
        var (_, totalSteps) = RaggedBatch.Measure(batch);
        StepResult[]? results = null;
        Exception?[]? rowFailures = null;
        Exception? failure = null;
        try
        {
            var ragged = RaggedBatch.Pack(batch, Shape);
            var (forecasts, finalStates) = ragged.Forward(model, _device);
            results = ragged.Unpack(forecasts, finalStates, model.ModelVersion);
            (results, rowFailures) = KeepFinite(ragged, model, results);
        }
#pragma warning disable CA1031 // A failed forward fails its own requests; the batcher keeps serving.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failure = ex;
            LogBatchFailed(ex, count, totalSteps);
        }

        _metrics.RecordBatch(count, totalSteps, _timeProvider.GetElapsedTime(started), failed: failure is not null);
        if (results is null)
        {
            BatchCompletion.Fail(batch, failure!, _answers);
        }
        else
        {
            BatchCompletion.Succeed(batch, results, rowFailures, _answers);
        }
    }

    /// <summary>
    /// Never hands out NaN or infinity. When some rows of <paramref name="results"/> hold one, the whole batch is run again
    /// on the version served before (<see cref="ModelSlot.Fallback"/>). If that computes any of those rows finite, the
    /// current version is at fault: it is dropped for good, the batch is answered from the earlier version (so no batch
    /// mixes versions), and <see cref="ModelFaulted"/> is raised. Otherwise (no earlier version on this silo, or it
    /// overflows on the same rows: the inputs or states are at fault) the current results stand and only the non-finite
    /// rows fail, with <see cref="NonFiniteOutputException"/>.
    /// </summary>
    private (StepResult[] Results, Exception?[]? Failures) KeepFinite(RaggedBatch ragged, RecurrentForecaster model, StepResult[] results)
    {
        var bad = NonFiniteRows(results);
        if (bad.Count == 0)
        {
            return (results, null);
        }

        var version = model.ModelVersion;
        var failures = new Exception?[results.Length];
        if (_slot.Fallback is { } fallback)
        {
            var fallbackVersion = fallback.ModelVersion;
            var (forecasts, finalStates) = ragged.Forward(fallback, _device);
            var earlier = ragged.Unpack(forecasts, finalStates, fallbackVersion);
            var stillBad = NonFiniteRows(earlier);
            if (!stillBad.IsSupersetOf(bad))
            {
                var reason = string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"v{version} forecast NaN or infinity for {bad.Count} of {results.Length} request(s) in a batch that v{fallbackVersion} computed finite");
                _slot.FallBack(reason);
                foreach (var row in stillBad)
                {
                    failures[row] = NonFinite(fallbackVersion, $"the version before it, v{version}, was dropped for forecasting non-finite values and v{fallbackVersion} overflows on this request too");
                }

                _metrics.RecordNonFinite(stillBad.Count);
                var fault = new ModelFault(version, fallbackVersion, reason);
                ThreadPool.QueueUserWorkItem(static state => state.Batcher.RaiseFault(state.Fault), (Batcher: this, Fault: fault), preferLocal: false);
                return (earlier, failures);
            }

            foreach (var row in bad)
            {
                failures[row] = NonFinite(version, $"v{fallbackVersion} overflows on it too, so its inputs or state are what overflow");
            }
        }
        else
        {
            foreach (var row in bad)
            {
                failures[row] = NonFinite(version, "this silo serves no earlier version to compare with");
            }
        }

        _metrics.RecordNonFinite(bad.Count);
        LogNonFiniteRows(bad.Count, results.Length, version);
        return (results, failures);
    }

    private static HashSet<int> NonFiniteRows(StepResult[] results)
    {
        var rows = new HashSet<int>();
        for (var i = 0; i < results.Length; i++)
        {
            if (!AllFinite(results[i].Forecasts) || !AllFinite(results[i].State))
            {
                rows.Add(i);
            }
        }

        return rows;
    }

    private static bool AllFinite(float[] values)
    {
        foreach (var value in values)
        {
            if (!float.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }

    private static NonFiniteOutputException NonFinite(int version, string why) =>
        new(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Model v{version} computed NaN or infinity for this request and no version has a finite answer: {why}.")) { ModelVersion = version };

    private void RaiseFault(ModelFault fault)
    {
        try
        {
            ModelFaulted?.Invoke(this, fault);
        }
#pragma warning disable CA1031 // A failing subscriber must not take the thread pool down; the batcher already serves the fallback.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogFaultHandlerFailed(exception, fault.Version);
        }
    }

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "{Rows} of {Requests} request(s) got NaN or infinity from model v{ModelVersion} and no version computed them finite; they fail, the others are answered")]
    private partial void LogNonFiniteRows(int rows, int requests, int modelVersion);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "A handler of the fault of model v{ModelVersion} failed")]
    private partial void LogFaultHandlerFailed(Exception exception, int modelVersion);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Batched forward failed for {Requests} request(s), {Steps} step(s)")]
    private partial void LogBatchFailed(Exception exception, int requests, int steps);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Inference batcher stopped")]
    private partial void LogStopped();
}
