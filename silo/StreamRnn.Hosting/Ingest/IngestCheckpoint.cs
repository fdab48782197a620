using System.Collections.Immutable;
using Confluent.Kafka;
using StreamRnn.Contracts;

namespace StreamRnn.Hosting.Ingest;

/// <summary>
/// What ingest has delivered since its last checkpoint: per sensor, the highest offset it delivered in each partition,
/// and per partition the position after the last dispatched message. A checkpoint persists every sensor it
/// delivered to (<see cref="ISensorGrain.CheckpointAsync"/>) and only then may those positions be committed, so a
/// committed reading is always in durable sensor state. Used by one dispatcher at a time: not thread-safe.
/// </summary>
internal sealed class IngestCheckpoint
{
    private readonly TimeSpan _interval;
    private readonly TimeProvider _timeProvider;
    private Dictionary<string, ImmutableDictionary<int, long>> _delivered = new(StringComparer.Ordinal);
    private Dictionary<TopicPartition, Offset> _positions = [];
    private long _started;

    public IngestCheckpoint(TimeSpan interval, TimeProvider timeProvider)
    {
        _interval = interval;
        _timeProvider = timeProvider;
        _started = timeProvider.GetTimestamp();
    }

    /// <summary>Whether anything waits to be checkpointed.</summary>
    public bool Pending => _positions.Count > 0 || _delivered.Count > 0;

    /// <summary>Whether a checkpoint is due: something is pending and the interval has passed since the last one.</summary>
    public bool Due => Pending && _timeProvider.GetElapsedTime(_started) >= _interval;

    /// <summary>What the sensor must already hold before a new batch: the offsets delivered to it since the last checkpoint.</summary>
    public ImmutableDictionary<int, long> DeliveredTo(string sensorId) =>
        _delivered.GetValueOrDefault(sensorId) ?? ImmutableDictionary<int, long>.Empty;

    /// <summary>Records that <paramref name="sensorId"/> took <paramref name="batch"/> (applied it, or already held it).</summary>
    public void Delivered(string sensorId, SensorReadingBatch batch) =>
        _delivered[sensorId] = Including(DeliveredTo(sensorId), batch.Readings);

    /// <summary><paramref name="offsets"/> raised to the highest offset per partition of <paramref name="readings"/>.</summary>
    public static ImmutableDictionary<int, long> Including(ImmutableDictionary<int, long> offsets, ImmutableArray<SensorReading> readings)
    {
        foreach (var reading in readings)
        {
            if (offsets.GetValueOrDefault(reading.Partition, -1) < reading.Offset)
            {
                offsets = offsets.SetItem(reading.Partition, reading.Offset);
            }
        }

        return offsets;
    }

    /// <summary>Records that every message of a poll is applied or dead-lettered.</summary>
    public void Dispatched(IEnumerable<ConsumeResult<byte[]?, byte[]?>> poll)
    {
        foreach (var message in poll)
        {
            var next = message.Offset + 1;
            if (!_positions.TryGetValue(message.TopicPartition, out var position) || position < next)
            {
                _positions[message.TopicPartition] = next;
            }
        }
    }

    /// <summary>The sensors to persist, with what each must hold.</summary>
    public IReadOnlyDictionary<string, ImmutableDictionary<int, long>> DeliveredSensors => _delivered;

    /// <summary>The positions to commit once every sensor has persisted.</summary>
    public IEnumerable<TopicPartitionOffset> Positions => _positions.Select(pair => new TopicPartitionOffset(pair.Key, pair.Value));

    /// <summary>Starts a new interval, forgetting what was delivered: after a checkpoint, or when ingest rewinds to its committed offsets.</summary>
    public void Reset()
    {
        _delivered = new(StringComparer.Ordinal);
        _positions = [];
        _started = _timeProvider.GetTimestamp();
    }
}
