using System.Collections.Immutable;

namespace StreamRnn.Contracts;

/// <summary>Readings of one sensor, in the order they were read from Kafka.</summary>
[GenerateSerializer, Immutable, Alias("streamrnn.reading-batch")]
public sealed record SensorReadingBatch([property: Id(0)] ImmutableArray<SensorReading> Readings);
