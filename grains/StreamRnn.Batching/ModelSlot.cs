using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StreamRnn.Models;
using StreamRnn.Models.Checkpoints;
using TorchSharp;

namespace StreamRnn.Batching;

/// <summary>
/// The model the <see cref="InferenceBatcher"/> serves, with its version, and the next one waiting to replace it.
/// </summary>
/// <remarks>
/// The served model is built, switched and disposed only on the batcher's thread (<see cref="Load"/>,
/// <see cref="ApplyPendingSwap"/>, <see cref="Release"/>); a replacement is built on another thread
/// (<see cref="SwapAsync"/>) and waits until the batcher reaches a batch boundary, so no batch mixes versions.
/// A newer replacement, or shutdown, supersedes one still waiting. The model served before the last switch is kept as
/// <see cref="Fallback"/> (one more model in memory), so a version that starts forecasting NaN or infinity can be
/// dropped at once (<see cref="FallBack"/>); a dropped version is never switched to again.
/// </remarks>
internal sealed partial class ModelSlot
{
    private readonly ModelOptions _modelOptions;
    private readonly ModelShape _shape;
    private readonly torch.Device _device;
    private readonly Func<RecurrentForecaster> _modelFactory;
    private readonly BatcherMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile int _modelVersion = 1;
    private PendingSwap? _pendingSwap;
    private TaskCompletionSource _swapSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<int, string> _dropped = new();

    /// <summary>Creates the slot; nothing is built until <see cref="Load"/>.</summary>
    /// <param name="modelOptions">Seed and <c>Model:Checkpoint</c> of the initial model.</param>
    /// <param name="shape">The shape every served model has.</param>
    /// <param name="device">The device models run on.</param>
    /// <param name="modelFactory">Builds the initial model; by default the checkpoint when set, otherwise the seeded model.</param>
    /// <param name="metrics">Counts swaps.</param>
    /// <param name="logger">The batcher's logger.</param>
    public ModelSlot(
        ModelOptions modelOptions,
        ModelShape shape,
        torch.Device device,
        Func<RecurrentForecaster>? modelFactory,
        BatcherMetrics metrics,
        ILogger logger)
    {
        _modelOptions = modelOptions;
        _shape = shape;
        _device = device;
        _modelFactory = modelFactory ?? CreateModel;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>The version of the weights that the next batch will use.</summary>
    public int ModelVersion => _modelVersion;

    /// <summary>Completes once the initial model is on its device; faults with the reason if that failed.</summary>
    public Task Ready => _ready.Task;

    /// <summary>The served model (batcher thread only); <see langword="null"/> when the initial one could not be built.</summary>
    public RecurrentForecaster? Current { get; private set; }

    /// <summary>The model served before the last switch (batcher thread only); <see langword="null"/> before any switch and after a fallback.</summary>
    public RecurrentForecaster? Fallback { get; private set; }

    /// <summary>Why there is no <see cref="Current"/> model: every request fails with it.</summary>
    public Exception? Error { get; private set; }

    /// <summary>Runs on the batcher thread at start: builds the initial model on its device and completes <see cref="Ready"/>.</summary>
    public void Load()
    {
        RecurrentForecaster? model = null;
        try
        {
            model = _modelFactory();
            model.to(_device);
            model.FlattenParameters();
            model.eval();
            _modelVersion = model.ModelVersion;
            Current = model;
            LogModelReady(_device, _shape.Cell, _shape.Layers, _shape.HiddenSize, _shape.Channels, _shape.Horizon, model.ModelVersion);
            _ready.TrySetResult();
        }
#pragma warning disable CA1031 // Any failure to build the model is reported through Ready and every request.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            model?.Dispose();
            Current = null;
            Error = new InvalidOperationException($"The inference model could not be created on device '{_device}': {ex.Message}", ex);
            LogModelFailed(ex, _device);
            _ready.TrySetException(Error);
        }
    }

    /// <summary>
    /// Asked by an idle batcher: <see langword="null"/> when a replacement is waiting (the idle batcher switches at once),
    /// otherwise a task that completes when one is posted.
    /// </summary>
    public Task? IdleWake()
    {
        // The signal is read before the pending swap, so a swap posted in between is never missed.
        var signal = Volatile.Read(ref _swapSignal).Task;
        return Volatile.Read(ref _pendingSwap) is null ? signal : null;
    }

    /// <summary>Runs on the batcher thread between batches: switches to a waiting model, disposing the old one.</summary>
    public void ApplyPendingSwap()
    {
        if (Interlocked.Exchange(ref _pendingSwap, null) is not { } swap)
        {
            return;
        }

        if (_dropped.TryGetValue(swap.Version, out var reason))
        {
            swap.Supersede(Dropped(swap.Version, reason));
            return;
        }

        var current = Current;
        var from = current?.ModelVersion ?? 0;
        Fallback?.Dispose();
        Fallback = current;
        _modelVersion = swap.Version;
        _metrics.RecordSwap();
        LogSwapped(from, swap.Version);
        swap.MarkServed();
        Current = swap.Model;
    }

    /// <summary>
    /// Runs on the batcher thread: drops <see cref="Current"/> for good (it forecast non-finite values, <paramref name="reason"/>)
    /// and serves <see cref="Fallback"/>, which must be set.
    /// </summary>
    public void FallBack(string reason)
    {
        var failed = Current!;
        var fallback = Fallback!;
        _dropped[failed.ModelVersion] = reason;
        failed.Dispose();
        Current = fallback;
        Fallback = null;
        _modelVersion = fallback.ModelVersion;
        _metrics.RecordSwap();
        _metrics.RecordFallback();
        LogFellBack(failed.ModelVersion, fallback.ModelVersion, reason);
    }

    /// <summary>
    /// Checks <paramref name="checkpoint"/> against the served shape, builds it beside the served model on the thread
    /// pool, and waits until the batcher serves it.
    /// </summary>
    /// <param name="version">The version the new weights are.</param>
    /// <param name="checkpoint">The weights; <see langword="null"/> for the initial model.</param>
    /// <param name="stopping">True once the batcher is shutting down: a swap posted then is withdrawn.</param>
    /// <param name="cancellationToken">Stops the build or the wait; the switch may still happen.</param>
    public async Task SwapAsync(int version, ModelCheckpoint? checkpoint, Func<bool> stopping, CancellationToken cancellationToken)
    {
        if (checkpoint is not null && CheckpointChecks.Problem(checkpoint, _shape) is { } problem)
        {
            throw new InvalidOperationException($"Model version {version} cannot be served: {problem}.");
        }

        if (_dropped.TryGetValue(version, out var reason))
        {
            throw Dropped(version, reason);
        }

        // Built beside the served model, off the batcher thread, so batches keep running meanwhile.
        var model = await Task.Run(() => BuildModel(version, checkpoint), cancellationToken).ConfigureAwait(false);
        var swap = new PendingSwap(model, version);
        var previous = Interlocked.Exchange(ref _pendingSwap, swap);
        previous?.Supersede();
        Interlocked.Exchange(ref _swapSignal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        if (stopping() && Interlocked.CompareExchange(ref _pendingSwap, null, swap) == swap)
        {
            swap.Supersede();
            throw InferenceBatcher.ShuttingDown();
        }

        await swap.Served.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs on the batcher thread as it stops: disposes the served model and supersedes a waiting one.</summary>
    public void Release()
    {
        Current?.Dispose();
        Current = null;
        Fallback?.Dispose();
        Fallback = null;
        Interlocked.Exchange(ref _pendingSwap, null)?.Supersede();
    }

    private static InvalidOperationException Dropped(int version, string reason) =>
        new($"Model version {version} forecast non-finite values on this silo ({reason}) and is not served here again.");

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

    /// <summary>The trained checkpoint when <c>Model:Checkpoint</c> is set, otherwise the seeded initial model.</summary>
    private RecurrentForecaster CreateModel()
    {
        if (string.IsNullOrWhiteSpace(_modelOptions.Checkpoint))
        {
            return new RecurrentForecaster(_shape, _modelOptions.Seed);
        }

        var model = ModelCheckpoints.Restore(CheckpointFile.Load(_modelOptions.Checkpoint));
        var sha256 = CheckpointFile.ContentSha256(_modelOptions.Checkpoint);
        LogCheckpointLoaded(_modelOptions.Checkpoint, sha256);
        return model;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Inference model v{ModelVersion} ready on {Device}: {Cell}, {Layers} layer(s) × {HiddenSize}, {Channels} channel(s), horizon {Horizon}")]
    private partial void LogModelReady(torch.Device device, RecurrentCellKind cell, int layers, int hiddenSize, int channels, int horizon, int modelVersion);

    [LoggerMessage(EventId = 2, Level = LogLevel.Critical, Message = "Inference model could not be created on {Device}; every request will fail")]
    private partial void LogModelFailed(Exception exception, torch.Device device);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Inference batcher switched from model v{From} to v{To} at a batch boundary")]
    private partial void LogSwapped(int from, int to);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "Inference batcher dropped model v{From} and serves v{To} again: {Reason}")]
    private partial void LogFellBack(int from, int to, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Inference model loaded from checkpoint {Path} (SHA-256 {Sha256})")]
    private partial void LogCheckpointLoaded(string path, string sha256);
}
