using System.Collections;

namespace StreamRnn.Grains;

/// <summary>
/// The last applied Kafka offset of each partition a sensor's readings came from. Readings are keyed by sensor id, so a
/// sensor almost always reads one partition: its offset is kept in the object itself, any others in two arrays (about
/// 48 bytes, where a <c>Dictionary&lt;int, long&gt;</c> of one entry took 216 per sensor). Enumerates in the order the
/// partitions were first set.
/// </summary>
[GenerateSerializer, Alias("streamrnn.partition-offsets")]
public sealed class PartitionOffsetDictionary : IReadOnlyDictionary<int, long>
{
    [Id(0)] private int _count;
    [Id(1)] private int _firstPartition;
    [Id(2)] private long _firstOffset;
    [Id(3)] private int[]? _partitions;
    [Id(4)] private long[]? _offsets;

    /// <summary>Partitions with an applied offset.</summary>
    public int Count => _count;

    /// <summary>The partition's last applied offset; setting one adds the partition or replaces its offset.</summary>
    /// <exception cref="KeyNotFoundException">Getting a partition with no applied offset.</exception>
    public long this[int partition]
    {
        get => TryGetValue(partition, out var offset) ? offset : throw new KeyNotFoundException($"No offset was applied for partition {partition}.");
        set => Set(partition, value);
    }

    public IEnumerable<int> Keys => this.Select(pair => pair.Key);

    public IEnumerable<long> Values => this.Select(pair => pair.Value);

    public bool ContainsKey(int key) => TryGetValue(key, out _);

    public bool TryGetValue(int key, out long value)
    {
        if (_count > 0 && _firstPartition == key)
        {
            value = _firstOffset;
            return true;
        }

        var index = IndexOfOther(key);
        value = index < 0 ? 0 : _offsets![index];
        return index >= 0;
    }

    public IEnumerator<KeyValuePair<int, long>> GetEnumerator()
    {
        if (_count > 0)
        {
            yield return new(_firstPartition, _firstOffset);
        }

        for (var i = 0; i < _count - 1; i++)
        {
            yield return new(_partitions![i], _offsets![i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private void Set(int partition, long offset)
    {
        if (_count == 0 || _firstPartition == partition)
        {
            (_firstPartition, _firstOffset, _count) = (partition, offset, Math.Max(_count, 1));
            return;
        }

        var index = IndexOfOther(partition);
        if (index >= 0)
        {
            _offsets![index] = offset;
            return;
        }

        // Another partition (rare: a topic repartitioned, or a sensor written to by hand): the arrays grow by one.
        Array.Resize(ref _partitions, _count);
        Array.Resize(ref _offsets, _count);
        _partitions[_count - 1] = partition;
        _offsets[_count - 1] = offset;
        _count++;
    }

    /// <summary>Where <paramref name="partition"/> sits among the partitions after the first; -1 when it does not.</summary>
    private int IndexOfOther(int partition) => _partitions is null ? -1 : Array.IndexOf(_partitions, partition, 0, _count - 1);
}
