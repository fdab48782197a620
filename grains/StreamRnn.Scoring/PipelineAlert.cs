namespace StreamRnn.Scoring;

/// <summary>
/// An alert <see cref="SensorPipeline"/> raises: its kind and phase (<see cref="AlertTransition.Start"/>,
/// <see cref="AlertTransition.Update"/> or <see cref="AlertTransition.End"/>), the reading it was raised at (event time,
/// value, source partition and offset), the value the forecast expected, the score, the model version that made the
/// forecast, and, on a start or an update, the detector's <see cref="AlertEvidence"/> (null on an end).
/// </summary>
public sealed record PipelineAlert(
    PipelineAlertKind Kind,
    AlertTransition Phase,
    DateTimeOffset Timestamp,
    double Value,
    double Expected,
    double Score,
    int ModelVersion,
    int Partition,
    long Offset,
    AlertEvidence? Evidence = null);
