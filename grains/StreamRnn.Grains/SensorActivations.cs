namespace StreamRnn.Grains;

/// <summary>The sensor activations on this silo, counted by the sensors themselves (activated, deactivated).</summary>
public sealed class SensorActivations
{
    private long _count;

    /// <summary>Sensors active on this silo now.</summary>
    public long Count => Interlocked.Read(ref _count);

    internal void Activated() => Interlocked.Increment(ref _count);

    internal void Deactivated() => Interlocked.Decrement(ref _count);
}
