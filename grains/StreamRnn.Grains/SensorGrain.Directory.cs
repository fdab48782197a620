using Microsoft.Extensions.Logging;
using StreamRnn.Contracts;

namespace StreamRnn.Grains;

/// <summary>
/// The sensor's line in the sensor directory: the alert kinds in progress are kept with its state as alerts start and
/// end; it reports to its shard after a batch or a dropout check only when that status or its last alert changed, or
/// when its last report is older than <c>SensorDirectory:SeenInterval</c>. A batch with no change costs one flag and one
/// time comparison, no call.
/// </summary>
public sealed partial class SensorGrain
{
    private static readonly TimeSpan DirectoryRetry = TimeSpan.FromMinutes(1);

    // In memory: a change not yet reported when the sensor deactivates is reported by its next report.
    private bool _directoryChanged;
    private DateTimeOffset _directoryRetryAt;

    /// <summary>An alert went through the lifecycle (<paramref name="published"/>: not suppressed): keeps its effect on the status.</summary>
    private void MarkForDirectory(SensorAlert alert, bool published)
    {
        var state = _state.State;
        var bit = 1 << (int)alert.Kind;
        if (alert.Phase == AlertPhase.Start)
        {
            state.OpenAlertKinds |= bit;
            state.SuppressedAlertKinds = published ? state.SuppressedAlertKinds & ~bit : state.SuppressedAlertKinds | bit;
            (state.LastAlertId, state.LastAlertAt) = (alert.AlertId, alert.Timestamp);
        }
        else if (alert.Phase == AlertPhase.End)
        {
            state.OpenAlertKinds &= ~bit;
            state.SuppressedAlertKinds &= ~bit;
        }
        else
        {
            return;
        }

        _directoryChanged = true;
    }

    private async Task ReportToDirectoryAsync(CancellationToken cancellationToken)
    {
        var state = _state.State;
        var now = _services.Clock.GetUtcNow();
        if ((!_directoryChanged && now - state.DirectoryReportedAt < _services.Directory.SeenInterval) || now < _directoryRetryAt)
        {
            return;
        }

        var report = new SensorDirectoryReport(SensorId, DirectoryStatus(state.OpenAlertKinds, state.SuppressedAlertKinds), state.LastAlertId, state.LastAlertAt, now);
        try
        {
            await GrainFactory.GetGrain<ISensorDirectoryGrain>(SensorDirectory.ShardOf(SensorId, _services.Directory.Shards)).ReportAsync(report, cancellationToken);
            state.DirectoryReportedAt = now;
            _directoryChanged = false;
            _unsaved = true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The listing is not worth failing a batch for: the sensor tries again after a while.
            _directoryRetryAt = now + DirectoryRetry;
            LogDirectoryReportFailed(exception, SensorId);
        }
    }

    /// <summary>The status the open and suppressed kinds make: quarantined, silent, stuck, event, or normal, in that order.</summary>
    internal static SensorDirectoryStatus DirectoryStatus(int open, int suppressed)
    {
        if (suppressed != 0)
        {
            return SensorDirectoryStatus.Quarantined;
        }

        if ((open & (1 << (int)AlertKind.Dropout)) != 0)
        {
            return SensorDirectoryStatus.Silent;
        }

        if ((open & (1 << (int)AlertKind.Stuck)) != 0)
        {
            return SensorDirectoryStatus.Stuck;
        }

        return open != 0 ? SensorDirectoryStatus.Event : SensorDirectoryStatus.Normal;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sensor {SensorId} could not report to the sensor directory; it tries again in a minute")]
    private partial void LogDirectoryReportFailed(Exception exception, string sensorId);
}
