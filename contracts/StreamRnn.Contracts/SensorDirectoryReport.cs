namespace StreamRnn.Contracts;

/// <summary>
/// What a sensor tells its <see cref="ISensorDirectoryGrain"/> shard: its whole listing (status, last alert) as of
/// <see cref="At"/>, so a report is idempotent and an older one arriving late changes nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("streamrnn.sensor-directory-report")]
public sealed record SensorDirectoryReport(
    [property: Id(0)] string SensorId,
    [property: Id(1)] SensorDirectoryStatus Status,
    [property: Id(2)] string? LastAlertId,
    [property: Id(3)] DateTimeOffset? LastAlertAt,
    [property: Id(4)] DateTimeOffset At);
