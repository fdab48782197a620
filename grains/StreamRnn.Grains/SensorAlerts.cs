using StreamRnn.Contracts;
using StreamRnn.Scoring;

namespace StreamRnn.Grains;

/// <summary>
/// A pipeline's alerts as the contract's <see cref="SensorAlert"/>, with their deterministic <see cref="AlertIds"/> and,
/// on a start or an update, the <see cref="AlertExplanation"/> built from the detector's evidence (only for alerts
/// raised, never per reading).
/// </summary>
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
            phase,
            alert.Evidence is { } evidence ? Explain(kind, evidence) : null);
    }

    /// <summary>The detector's name in <see cref="AlertExplanation.Detector"/>, one per kind.</summary>
    public static string DetectorName(AlertKind kind) => kind switch
    {
        AlertKind.Anomaly => "anomalyLikelihood",
        AlertKind.Stuck => "stuckValue",
        AlertKind.Dropout => "dropout",
        AlertKind.Spike => "spike",
        AlertKind.RateOfChange => "rateOfChange",
        AlertKind.OutOfRange => "range",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown alert kind."),
    };

    private static AlertExplanation Explain(AlertKind kind, AlertEvidence evidence) =>
        new(DetectorName(kind), evidence.Channel, evidence.Measure, evidence.Observed, evidence.Lower, evidence.Upper)
        {
            Basis = evidence.Basis,
            Likelihood = evidence.Likelihood,
            StandardScore = evidence.StandardScore,
            TailProbability = evidence.StandardScore is { } z ? StandardNormal.UpperTail(z) : null,
            ForecastError = evidence.ForecastError,
            RecentError = evidence.RecentError,
            UsualError = evidence.UsualError,
            ErrorSpread = evidence.ErrorSpread,
            Mean = evidence.Mean,
            Deviations = evidence.Deviations,
            Limit = evidence.Limit,
            UsualRun = evidence.UsualRun,
            UsualGapSeconds = evidence.UsualGapSeconds,
            ChannelErrors = evidence.ChannelErrors,
            LargestChannel = evidence.LargestChannel,
            ChannelSurprises = evidence.ChannelSurprises,
            Channels = evidence.Channels,
        };
}
