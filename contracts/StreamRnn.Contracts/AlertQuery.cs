namespace StreamRnn.Contracts;

/// <summary>Which alerts to list: each filter that is set must match; newest first, at most <see cref="Limit"/>.</summary>
[GenerateSerializer, Immutable, Alias("streamrnn.alert-query")]
public sealed record AlertQuery(
    [property: Id(0)] AlertState? State = null,
    [property: Id(1)] string? SensorId = null,
    [property: Id(2)] AlertKind? Kind = null,
    [property: Id(3)] int Limit = 100)
{
    public bool Matches(AlertRecord record) =>
        (State is null || record.State == State) && (SensorId is null || record.SensorId == SensorId) && (Kind is null || record.Kind == Kind);
}
