using System.Collections.Immutable;
using StreamRnn.Contracts;

namespace StreamRnn.Grains;

/// <summary>Deduplication by offset: Kafka delivers at least once, so a sensor applies each partition's offsets once, in order.</summary>
internal static class FreshReadings
{
    /// <summary>The readings of a batch past each partition's applied offset (and past those earlier in the batch).</summary>
    public static List<SensorReading> Select(ImmutableArray<SensorReading> readings, PartitionOffsetDictionary appliedOffsets)
    {
        var fresh = new List<SensorReading>(readings.Length);
        Dictionary<int, long>? seen = null;
        foreach (var reading in readings)
        {
            var last = appliedOffsets.GetValueOrDefault(reading.Partition, -1);
            if (seen is not null && seen.TryGetValue(reading.Partition, out var inBatch))
            {
                last = Math.Max(last, inBatch);
            }

            if (reading.Offset > last)
            {
                fresh.Add(reading);
                seen ??= [];
                seen[reading.Partition] = reading.Offset;
            }
        }

        return fresh;
    }
}
