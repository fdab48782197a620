namespace StreamRnn.Contracts;

/// <summary>
/// An alert raised by a sensor. <see cref="AlertId"/> is derived from (sensor, partition, offset, kind),
/// so replaying the same readings produces the same ids and consumers can drop duplicates. <see cref="Explanation"/>
/// says why it fired (null on an end, and in alerts written before it existed).
/// </summary>
[GenerateSerializer, Immutable, Alias("streamrnn.alert")]
public sealed record SensorAlert(
    [property: Id(0)] string AlertId,
    [property: Id(1)] string SensorId,
    [property: Id(2)] DateTimeOffset Timestamp,
    [property: Id(3)] double Value,
    [property: Id(4)] double Expected,
    [property: Id(5)] double Score,
    [property: Id(6)] AlertKind Kind,
    [property: Id(7)] int ModelVersion,
    [property: Id(8)] int SourcePartition,
    [property: Id(9)] long SourceOffset,
    [property: Id(10)] AlertPhase Phase = AlertPhase.Start,
    [property: Id(11)] AlertExplanation? Explanation = null);
