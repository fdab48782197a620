namespace StreamRnn.Contracts;

/// <summary>
/// The score a sensor gave one reading: the same score that drives its anomaly alerts, with the forecast
/// it was judged against and where the reading came from (so a consumer can drop redelivered copies).
/// </summary>
[GenerateSerializer, Immutable, Alias("streamrnn.score")]
public sealed record SensorScore(
    [property: Id(0)] string SensorId,
    [property: Id(1)] DateTimeOffset Timestamp,
    [property: Id(2)] double Value,
    [property: Id(3)] double Expected,
    [property: Id(4)] double Score,
    [property: Id(5)] int ModelVersion,
    [property: Id(6)] int SourcePartition,
    [property: Id(7)] long SourceOffset);
