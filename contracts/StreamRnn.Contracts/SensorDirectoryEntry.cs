namespace StreamRnn.Contracts;

/// <summary>A listed sensor: its status, last alert and when it last reported (<see cref="LastSeen"/>: coarse, see <c>SensorDirectory:SeenInterval</c>).</summary>
[GenerateSerializer, Immutable, Alias("streamrnn.sensor-directory-entry")]
public sealed record SensorDirectoryEntry(
    [property: Id(0)] string SensorId,
    [property: Id(1)] SensorDirectoryStatus Status,
    [property: Id(2)] string? LastAlertId,
    [property: Id(3)] DateTimeOffset? LastAlertAt,
    [property: Id(4)] DateTimeOffset LastSeen);
