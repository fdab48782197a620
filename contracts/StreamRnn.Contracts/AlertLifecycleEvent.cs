namespace StreamRnn.Contracts;

/// <summary>
/// One transition of an alert, as published on <c>Kafka:AlertEventsTopic</c> (JSON: <see cref="AlertLifecycleEventJson"/>).
/// <see cref="EventId"/> is derived from (alert id, transition): each transition happens once per alert, so a redelivery
/// or a retried transition carries the same id and consumers can drop duplicates.
/// </summary>
[GenerateSerializer, Immutable, Alias("streamrnn.alert-event")]
public sealed record AlertLifecycleEvent(
    [property: Id(0)] string EventId,
    [property: Id(1)] string AlertId,
    [property: Id(2)] string SensorId,
    [property: Id(3)] AlertKind Kind,
    [property: Id(4)] AlertTransitionKind Transition,
    [property: Id(5)] AlertState State,
    [property: Id(6)] string By,
    [property: Id(7)] string Reason,
    [property: Id(8)] DateTimeOffset At,
    [property: Id(9)] DateTimeOffset AlertTimestamp,
    [property: Id(10)] int SourcePartition,
    [property: Id(11)] long SourceOffset);
