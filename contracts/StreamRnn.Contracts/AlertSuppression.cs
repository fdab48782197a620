namespace StreamRnn.Contracts;

/// <summary>
/// Holds back the alerts of a sensor (<see cref="SensorId"/> set, <see cref="Kind"/> null: every kind), of a kind on one
/// sensor (both set), or of a kind on every sensor (<see cref="SensorId"/> null) until <see cref="Until"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("streamrnn.alert-suppression")]
public sealed record AlertSuppression(
    [property: Id(0)] string? SensorId,
    [property: Id(1)] AlertKind? Kind,
    [property: Id(2)] DateTimeOffset Until,
    [property: Id(3)] AlertAction Made)
{
    /// <summary>Who lifted it before <see cref="Until"/>, why and when; null while it holds.</summary>
    [Id(4)]
    public AlertAction? Lifted { get; init; }

    /// <summary>Whether it covers an alert of <paramref name="kind"/> on <paramref name="sensorId"/> at <paramref name="now"/>.</summary>
    public bool Covers(string sensorId, AlertKind kind, DateTimeOffset now) =>
        now < Until && (SensorId is null || SensorId == sensorId) && (Kind is null || Kind == kind);

    /// <summary>Whether it has the same target (sensor and kind) as <paramref name="other"/>.</summary>
    public bool SameTarget(string? sensorId, AlertKind? kind) => SensorId == sensorId && Kind == kind;
}
