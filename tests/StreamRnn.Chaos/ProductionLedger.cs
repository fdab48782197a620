namespace StreamRnn.Chaos;

/// <summary>
/// What was produced, from the delivery reports: per sensor the readings delivered and the last offset on each
/// partition, per partition the last offset; and how many deliveries failed.
/// </summary>
internal sealed class ProductionLedger
{
    private readonly object _gate = new();
    private readonly long[] _perSensor;
    private readonly Dictionary<int, long>[] _lastOffsetPerSensor;
    private readonly Dictionary<int, long> _lastOffsetPerPartition = [];
    private long _failed;

    public ProductionLedger(int sensors)
    {
        _perSensor = new long[sensors];
        _lastOffsetPerSensor = [.. Enumerable.Range(0, sensors).Select(_ => new Dictionary<int, long>())];
    }

    public long Delivered
    {
        get
        {
            lock (_gate)
            {
                return _perSensor.Sum();
            }
        }
    }

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Readings delivered for sensor <paramref name="sensor"/>.</summary>
    public long ProducedOf(int sensor)
    {
        lock (_gate)
        {
            return _perSensor[sensor];
        }
    }

    /// <summary>Sensor <paramref name="sensor"/>'s last delivered offset on each partition it was written to.</summary>
    public IReadOnlyDictionary<int, long> LastOffsetsOf(int sensor)
    {
        lock (_gate)
        {
            return new Dictionary<int, long>(_lastOffsetPerSensor[sensor]);
        }
    }

    /// <summary>The last delivered offset of each partition written to.</summary>
    public IReadOnlyDictionary<int, long> LastOffsetPerPartition()
    {
        lock (_gate)
        {
            return new Dictionary<int, long>(_lastOffsetPerPartition);
        }
    }

    public void Record(int sensor, int partition, long offset)
    {
        lock (_gate)
        {
            _perSensor[sensor]++;
            var offsets = _lastOffsetPerSensor[sensor];
            offsets[partition] = Math.Max(offset, offsets.GetValueOrDefault(partition, -1));
            _lastOffsetPerPartition[partition] = Math.Max(offset, _lastOffsetPerPartition.GetValueOrDefault(partition, -1));
        }
    }

    public void DeliveryFailed() => Interlocked.Increment(ref _failed);
}
