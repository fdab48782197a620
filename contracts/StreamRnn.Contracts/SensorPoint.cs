namespace StreamRnn.Contracts;

/// <summary>One scored reading of a watched sensor (the console's chart): value, forecast, score and the model version that judged it.</summary>
[GenerateSerializer, Immutable, Alias("streamrnn.sensor-point")]
public sealed record SensorPoint(
    [property: Id(0)] DateTimeOffset Timestamp,
    [property: Id(1)] double Value,
    [property: Id(2)] double Expected,
    [property: Id(3)] double Score,
    [property: Id(4)] int ModelVersion);
