using System.Collections.Immutable;

namespace StreamRnn.Contracts;

/// <summary>One valid reading of a sensor, with the Kafka position it came from.</summary>
[GenerateSerializer, Immutable, Alias("streamrnn.reading")]
public sealed record SensorReading(
    [property: Id(0)] int Partition,
    [property: Id(1)] long Offset,
    [property: Id(2)] DateTimeOffset Timestamp,
    [property: Id(3)] ImmutableArray<double> Values);
