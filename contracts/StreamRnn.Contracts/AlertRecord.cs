namespace StreamRnn.Contracts;

/// <summary>
/// One alert event's lifecycle, kept by its <c>IAlertGrain</c> (key: <see cref="AlertId"/>, the id of the event's start).
/// <see cref="Suppressed"/> is set when the event was raised inside a suppression (kept after it resolves).
/// </summary>
[GenerateSerializer, Immutable, Alias("streamrnn.alert-record")]
public sealed record AlertRecord(
    [property: Id(0)] string AlertId,
    [property: Id(1)] string SensorId,
    [property: Id(2)] AlertKind Kind,
    [property: Id(3)] AlertState State,
    [property: Id(4)] SensorAlert Raised,
    [property: Id(5)] DateTimeOffset RecordedAt,
    [property: Id(6)] AlertAction? Acknowledged = null,
    [property: Id(7)] AlertAction? Resolved = null,
    [property: Id(8)] AlertAction? Suppressed = null);
