using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamRnn.Contracts;
using StreamRnn.Grains.Training;
using StreamRnn.Batching;
using StreamRnn.Models.Checkpoints;

namespace StreamRnn.Grains.Models;

/// <summary>
/// Keeps this silo's batcher on the model group's active version. The registry pushes every change to
/// an observer this service subscribes (the fast path); it also checks every
/// <see cref="FineTuningOptions.SyncInterval"/>, so a silo that missed a notification, or joined later,
/// catches up. The swap itself happens in the batcher, at a batch boundary. When the batcher drops a version that
/// forecast NaN or infinity (<see cref="IInferenceBatcher.ModelFaulted"/>), this service reports it to the registry
/// (<see cref="IModelRegistryGrain.ReportNonFiniteForecastsAsync"/>, retried until it is through), which rolls the version
/// back for every silo.
/// </summary>
public sealed partial class ModelVersionSyncService : BackgroundService
{
    /// <summary>How long shutdown waits to unsubscribe from the registry (the subscription expires anyway).</summary>
    private static readonly TimeSpan UnsubscribeTimeout = TimeSpan.FromSeconds(2);

    private readonly IGrainFactory _grainFactory;
    private readonly IInferenceBatcher _batcher;
    private readonly ModelSyncStatus _status;
    private readonly FineTuningOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<ModelVersionSyncService> _logger;
    private readonly SemaphoreSlim _changed = new(0);
    private readonly ConcurrentQueue<ModelFault> _faults = new();

    // Orleans holds the objects behind observer references weakly: this field keeps it alive for as long as
    // the service runs (a collected observer leaves the registry calling a reference that answers nothing).
    private IModelVersionObserver? _observer;

    public ModelVersionSyncService(
        IGrainFactory grainFactory,
        IInferenceBatcher batcher,
        ModelSyncStatus status,
        IOptions<FineTuningOptions> options,
        TimeProvider timeProvider,
        IHostApplicationLifetime lifetime,
        ILogger<ModelVersionSyncService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _grainFactory = grainFactory;
        _batcher = batcher;
        _status = status;
        _options = options.Value;
        _timeProvider = timeProvider;
        _lifetime = lifetime;
        _logger = logger;
        _batcher.ModelFaulted += OnModelFaulted;
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _batcher.ModelFaulted -= OnModelFaulted;
        _changed.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (_lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var registry = _grainFactory.GetGrain<IModelRegistryGrain>(_options.Group);
        _observer = new Observer(this);
        var reference = _grainFactory.CreateObjectReference<IModelVersionObserver>(_observer);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await ReportFaultsAsync(registry, stoppingToken).ConfigureAwait(false);
                    await registry.SubscribeAsync(reference).ConfigureAwait(false);
                    await SyncAsync(registry, stoppingToken).ConfigureAwait(false);
                    _status.Synced();
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
#pragma warning disable CA1031 // The loop retries on the next tick; the reason is logged.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    LogSyncFailed(exception, _options.Group);
                }

                using var tick = new CancellationTokenSource(_options.SyncInterval, _timeProvider);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(tick.Token, stoppingToken);
                try
                {
                    await _changed.WaitAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // The periodic check.
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        finally
        {
            try
            {
                await registry.UnsubscribeAsync(reference).AsTask().WaitAsync(UnsubscribeTimeout, _timeProvider, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Best effort on shutdown: the subscription expires anyway.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            _grainFactory.DeleteObjectReference<IModelVersionObserver>(reference);
            _observer = null;
        }
    }

    private void OnModelFaulted(object? sender, ModelFault fault)
    {
        _faults.Enqueue(fault);
        try
        {
            _changed.Release();
        }
        catch (ObjectDisposedException)
        {
            // Shutting down.
        }
    }

    /// <summary>Reports every version the batcher dropped, oldest first; one that fails stays queued for the next pass.</summary>
    private async Task ReportFaultsAsync(IModelRegistryGrain registry, CancellationToken cancellationToken)
    {
        while (_faults.TryPeek(out var fault))
        {
            var after = await registry.ReportNonFiniteForecastsAsync(fault.Version, fault.Reason, cancellationToken).ConfigureAwait(false);
            _faults.TryDequeue(out _);
            LogFaultReported(_options.Group, fault.Version, fault.FallbackVersion, after.Version, fault.Reason);
        }
    }

    private async Task SyncAsync(IModelRegistryGrain registry, CancellationToken cancellationToken)
    {
        var active = await registry.GetActiveAsync(cancellationToken).ConfigureAwait(false);
        if (active.Version == _batcher.ModelVersion)
        {
            return;
        }

        var bytes = await registry.GetCheckpointAsync(active.Version, cancellationToken).ConfigureAwait(false);
        var checkpoint = bytes.Length == 0 ? null : CheckpointFile.Deserialize(bytes, $"model group '{_options.Group}' v{active.Version}");
        var from = _batcher.ModelVersion;
        var startedAt = _timeProvider.GetTimestamp();
        await _batcher.SwapAsync(active.Version, checkpoint, cancellationToken).ConfigureAwait(false);
        var milliseconds = _timeProvider.GetElapsedTime(startedAt).TotalMilliseconds;
        LogSwapped(_options.Group, from, active.Version, milliseconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model group {Group}: this silo now serves v{To} (was v{From}); load and switch took {Milliseconds:F1} ms")]
    private partial void LogSwapped(string group, int from, int to, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model group {Group}: this silo dropped v{Version} (serving v{Fallback} meanwhile) and reported it; the registry's answer is v{After}: {Reason}")]
    private partial void LogFaultReported(string group, int version, int fallback, int after, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model group {Group}: could not check or load the active model version; retrying")]
    private partial void LogSyncFailed(Exception exception, string group);

    /// <summary>The silo-side object the registry calls; it only wakes the loop.</summary>
    private sealed class Observer(ModelVersionSyncService owner) : IModelVersionObserver
    {
        public Task ActiveVersionChangedAsync(string group, int version)
        {
            owner._changed.Release();
            return Task.CompletedTask;
        }
    }
}
