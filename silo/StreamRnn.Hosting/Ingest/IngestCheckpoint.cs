using System.Collections.Immutable;
using Confluent.Kafka;
using StreamRnn.Contracts;

namespace StreamRnn.Hosting.Ingest;

/// <summary>
/// What ingest has delivered since its last checkpoint: per sensor, the highest offset it delivered in each partition,
/// and per partition the position after the last dispatched message. A checkpoint persists every sensor it
/// delivered to (<see cref="ISensorGrain.CheckpointAsync"/>) and only then may those positions be committed, so a
/// committed reading is always in durable sensor state.
/// </summary>
/// <remarks>
/// A checkpoint runs beside the dispatch of later polls: <see cref="Seal"/> cuts what was delivered so far into an
/// <see cref="IngestCheckpointCut"/> and starts a new interval. Until the cut is persisted (<see cref="Release"/>), what a
/// sensor must hold (<see cref="DeliveredTo"/>) still includes the cut's offsets: a sensor that lost them refuses its next
/// batch rather than apply it over stale state, whose higher offsets would make the replay skip what it lost.
/// The dispatcher alone records deliveries, seals and resets; <see cref="Release"/> may come from the checkpoint's own
/// continuation, so the sealed cut is read and cleared atomically.
/// </remarks>
internal sealed class IngestCheckpoint
{
    private readonly TimeSpan _interval;
    private readonly TimeProvider _timeProvider;
    private Dictionary<string, ImmutableDictionary<int, long>> _delivered = new(StringComparer.Ordinal);
    private Dictionary<(string Topic, int Partition), Offset> _positions = [];
    private IngestCheckpointCut? _sealed;
    private long _started;

    public IngestCheckpoint(TimeSpan interval, TimeProvider timeProvider)
    {
        _interval = interval;
        _timeProvider = timeProvider;
        _started = timeProvider.GetTimestamp();
    }

    /// <summary>Whether anything delivered since the last cut waits to be checkpointed.</summary>
    public bool Pending => _positions.Count > 0 || _delivered.Count > 0;

    /// <summary>Whether a checkpoint is due: something is pending and the interval has passed since the last cut.</summary>
    public bool Due => Pending && _timeProvider.GetElapsedTime(_started) >= _interval;

    /// <summary>
    /// What the sensor must already hold before a new batch: the offsets delivered to it since the last checkpoint that
    /// was persisted, a sealed cut's included.
    /// </summary>
    public ImmutableDictionary<int, long> DeliveredTo(string sensorId)
    {
        var since = _delivered.GetValueOrDefault(sensorId);
        var cut = Volatile.Read(ref _sealed)?.DeliveredSensors.GetValueOrDefault(sensorId);
        if (cut is null)
        {
            return since ?? ImmutableDictionary<int, long>.Empty;
        }

        if (since is null)
        {
            return cut;
        }

        foreach (var (partition, offset) in since)
        {
            cut = Raised(cut, partition, offset);
        }

        return cut;
    }

    /// <summary>Records that <paramref name="sensorId"/> took <paramref name="batch"/> (applied it, or already held it).</summary>
    public void Delivered(string sensorId, SensorReadingBatch batch) =>
        _delivered[sensorId] = Including(_delivered.GetValueOrDefault(sensorId) ?? ImmutableDictionary<int, long>.Empty, batch.Readings);

    /// <summary>
    /// <paramref name="offsets"/> raised to the highest offset per partition of <paramref name="readings"/>: once per run of
    /// readings from one partition, not once per reading (each raise of an immutable dictionary allocates, and raising
    /// per reading was 5 % of what a catch-up allocated; a call's readings are mostly one partition's).
    /// </summary>
    public static ImmutableDictionary<int, long> Including(ImmutableDictionary<int, long> offsets, ImmutableArray<SensorReading> readings)
    {
        var next = 0;
        while (next < readings.Length)
        {
            var partition = readings[next].Partition;
            var highest = readings[next].Offset;
            for (next++; next < readings.Length && readings[next].Partition == partition; next++)
            {
                highest = Math.Max(highest, readings[next].Offset);
            }

            offsets = Raised(offsets, partition, highest);
        }

        return offsets;
    }

    /// <summary><paramref name="offsets"/> with <paramref name="partition"/>'s offset raised to <paramref name="offset"/> if lower.</summary>
    private static ImmutableDictionary<int, long> Raised(ImmutableDictionary<int, long> offsets, int partition, long offset) =>
        offsets.GetValueOrDefault(partition, -1) < offset ? offsets.SetItem(partition, offset) : offsets;

    /// <summary>Records that every message of a poll is applied or dead-lettered.</summary>
    public void Dispatched(IEnumerable<ConsumeResult<byte[]?, byte[]?>> poll)
    {
        foreach (var message in poll)
        {
            // Keyed by topic and partition number: a message's TopicPartition is a new object at every read.
            var next = message.Offset + 1;
            var partition = (message.Topic, message.Partition.Value);
            if (!_positions.TryGetValue(partition, out var position) || position < next)
            {
                _positions[partition] = next;
            }
        }
    }

    /// <summary>
    /// Cuts what was delivered since the last cut into a checkpoint to run, and starts a new interval. What sensors must
    /// hold keeps the cut's offsets until it is released. At most one cut at a time: the previous one must have been
    /// released, or forgotten by <see cref="Reset"/>.
    /// </summary>
    public IngestCheckpointCut Seal()
    {
        if (Volatile.Read(ref _sealed) is not null)
        {
            throw new InvalidOperationException("A checkpoint is already running: seal the next one once it is released.");
        }

        var cut = new IngestCheckpointCut(_delivered, [.. _positions.Select(pair => new TopicPartitionOffset(pair.Key.Topic, pair.Key.Partition, pair.Value))]);
        Volatile.Write(ref _sealed, cut);
        _delivered = new(StringComparer.Ordinal);
        _positions = [];
        _started = _timeProvider.GetTimestamp();
        return cut;
    }

    /// <summary>Every sensor of <paramref name="cut"/> persisted what it names: sensors need no longer prove they hold it.</summary>
    public void Release(IngestCheckpointCut cut) => Interlocked.CompareExchange(ref _sealed, null, cut);

    /// <summary>Forgets everything delivered, a sealed cut's too, and starts a new interval: when ingest rewinds to its committed offsets.</summary>
    public void Reset()
    {
        _delivered = new(StringComparer.Ordinal);
        _positions = [];
        Volatile.Write(ref _sealed, null);
        _started = _timeProvider.GetTimestamp();
    }
}
