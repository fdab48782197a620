using System.Collections.Immutable;

namespace StreamRnn.Contracts;

/// <summary>Readings of one sensor, in the order they were read from Kafka.</summary>
[GenerateSerializer, Immutable, Alias("streamrnn.reading-batch")]
public sealed record SensorReadingBatch([property: Id(0)] ImmutableArray<SensorReading> Readings)
{
    /// <summary>
    /// Per partition, the highest offset the sender delivered to this sensor before this batch since it last
    /// read that partition from its committed offset (empty when it delivered none). A sensor whose applied
    /// offsets are below these lost readings it had applied but not persisted (its silo died before a
    /// checkpoint): it refuses the batch with <see cref="ApplyResult.StateLost"/>, and the sender replays from
    /// the committed offsets.
    /// </summary>
    [Id(1)] public ImmutableDictionary<int, long> DeliveredBefore { get; init; } = ImmutableDictionary<int, long>.Empty;
}
