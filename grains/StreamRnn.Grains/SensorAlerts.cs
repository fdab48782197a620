using StreamRnn.Contracts;
using StreamRnn.Scoring;

namespace StreamRnn.Grains;

/// <summary>A pipeline's alerts as the contract's <see cref="SensorAlert"/>, with their deterministic <see cref="AlertIds"/>.</summary>
internal static class SensorAlerts
{
    public static SensorAlert From(string sensorId, PipelineAlert alert)
    {
        var kind = alert.Kind switch
        {
            PipelineAlertKind.Anomaly => AlertKind.Anomaly,
            PipelineAlertKind.Stuck => AlertKind.Stuck,
            PipelineAlertKind.Dropout => AlertKind.Dropout,
            PipelineAlertKind.Spike => AlertKind.Spike,
            PipelineAlertKind.RateOfChange => AlertKind.RateOfChange,
            PipelineAlertKind.OutOfRange => AlertKind.OutOfRange,
            _ => throw new ArgumentOutOfRangeException(nameof(alert), alert.Kind, "Unknown alert kind."),
        };
        var phase = alert.Phase switch
        {
            AlertTransition.Start => AlertPhase.Start,
            AlertTransition.Update => AlertPhase.Update,
            AlertTransition.End => AlertPhase.End,
            _ => throw new ArgumentOutOfRangeException(nameof(alert), alert.Phase, "An alert starts, updates or ends."),
        };
        return new SensorAlert(
            AlertIds.Create(sensorId, alert.Partition, alert.Offset, kind, phase),
            sensorId,
            alert.Timestamp,
            alert.Value,
            alert.Expected,
            alert.Score,
            kind,
            alert.ModelVersion,
            alert.Partition,
            alert.Offset,
            phase);
    }
}
