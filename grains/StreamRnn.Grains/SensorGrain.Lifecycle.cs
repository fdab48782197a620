using Microsoft.Extensions.Logging;
using StreamRnn.Contracts;

namespace StreamRnn.Grains;

/// <summary>
/// The hook into the alert lifecycle: every alert the sensor raises is recorded by its shard of the alert index before it
/// is published (a start opens an alert, an end resolves it), and a suppressed one is recorded but not published.
/// </summary>
public sealed partial class SensorGrain
{
    /// <summary>Records the alert; false when a suppression holds it back from the alerts topic and stream.</summary>
    private async ValueTask<bool> RecordInLifecycleAsync(SensorAlert alert, CancellationToken cancellationToken)
    {
        var publish = await GrainFactory.GetGrain<IAlertIndexGrain>(AlertLifecycle.ShardOf(SensorId)).RaiseAsync(alert, cancellationToken);
        if (!publish)
        {
            LogSuppressed(alert.Kind, alert.Phase, SensorId, alert.SourcePartition, alert.SourceOffset, alert.AlertId);
        }

        return publish;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Alert {Kind} {Phase} on sensor {SensorId} at partition {Partition} offset {Offset} suppressed: recorded as {AlertId}, not published")]
    private partial void LogSuppressed(AlertKind kind, AlertPhase phase, string sensorId, int partition, long offset, string alertId);
}
