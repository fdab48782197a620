using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using StreamRnn.Contracts;

namespace StreamRnn.Grains.SensorListing;

/// <summary>
/// One shard of the sensor directory (key: <see cref="SensorDirectory.ShardOf"/>). Keeps, for each sensor that reported,
/// its latest report; at most <see cref="SensorDirectoryOptions.MaxPerShard"/> of them (then the longest-unseen normal
/// sensor goes). Durable: it writes what changed every <see cref="SensorDirectoryOptions.WriteInterval"/> and when it
/// deactivates, not per report, so a flood of new sensors costs one write per shard per interval.
/// </summary>
public sealed partial class SensorDirectoryGrain(
    [PersistentState("sensor-directory", StorageNames.Sensors)] IPersistentState<SensorDirectoryState> state,
    IOptions<SensorDirectoryOptions> options,
    ILogger<SensorDirectoryGrain> logger) : Grain, ISensorDirectoryGrain
{
    private IGrainTimer? _writeTimer;
    private bool _unsaved;
    private long _shard;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _shard = this.GetPrimaryKeyLong();
        return Task.CompletedTask;
    }

    public ValueTask ReportAsync(SensorDirectoryReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sensors = state.State.Sensors;
        if (sensors.TryGetValue(report.SensorId, out var kept))
        {
            if (kept.LastSeen > report.At)
            {
                return ValueTask.CompletedTask;
            }
        }
        else if (sensors.Count >= options.Value.MaxPerShard && !MakeRoomFor(report))
        {
            state.State.Unlisted++;
            Changed();
            LogNotListed(report.SensorId, _shard);
            return ValueTask.CompletedTask;
        }

        sensors[report.SensorId] = new SensorDirectoryEntry(report.SensorId, report.Status, report.LastAlertId, report.LastAlertAt, report.At);
        Changed();
        return ValueTask.CompletedTask;
    }

    public ValueTask<SensorDirectoryEntry?> GetAsync(string sensorId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sensorId);
        return ValueTask.FromResult(state.State.Sensors.GetValueOrDefault(sensorId));
    }

    public ValueTask<SensorDirectoryPage> SearchAsync(SensorDirectoryQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var matches = state.State.Sensors.Values.Where(entry => query.Matches(entry.SensorId)).ToList();
        var page = matches.OrderBy(entry => entry.SensorId, StringComparer.Ordinal).Take(query.Limit).ToArray();
        return ValueTask.FromResult(new SensorDirectoryPage([.. page], matches.Count, state.State.Unlisted, null));
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Orleans' in-memory storage does not outlive the silo, and while it shuts down its storage grains may already be
        // gone (a write would re-place one and fail, loudly): nothing to keep. Durable storage gets the last changes.
        if (reason.ReasonCode == DeactivationReasonCode.ShuttingDown
            && ServiceProvider.GetKeyedService<IGrainStorage>(StorageNames.Sensors) is MemoryGrainStorage)
        {
            return;
        }

        await WriteAsync(cancellationToken);
    }

    /// <summary>The shard is full: lets the longest-unseen normal sensor go, or, for a sensor in an event, the longest-unseen one; false when the newcomer is the one to leave out.</summary>
    private bool MakeRoomFor(SensorDirectoryReport report)
    {
        var sensors = state.State.Sensors;
        var candidates = report.Status == SensorDirectoryStatus.Normal ? sensors.Values.Where(e => e.Status == SensorDirectoryStatus.Normal) : sensors.Values;
        var oldest = candidates.MinBy(entry => entry.LastSeen);
        if (oldest is null)
        {
            return false;
        }

        sensors.Remove(oldest.SensorId);
        state.State.Unlisted++;
        LogNotListed(oldest.SensorId, _shard);
        return true;
    }

    private void Changed()
    {
        _unsaved = true;
        var interval = options.Value.WriteInterval;
        _writeTimer ??= this.RegisterGrainTimer(WriteAsync, interval, interval);
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        if (!_unsaved)
        {
            return;
        }

        _unsaved = false;
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Kept in memory: the next tick or the deactivation writes it.
            _unsaved = true;
            LogWriteFailed(exception, _shard);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sensor directory shard {Shard} is full: sensor {SensorId} is not listed")]
    private partial void LogNotListed(string sensorId, long shard);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sensor directory shard {Shard} could not write its state; it tries again")]
    private partial void LogWriteFailed(Exception exception, long shard);
}
