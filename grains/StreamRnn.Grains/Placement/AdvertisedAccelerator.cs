namespace StreamRnn.Grains.Placement;

/// <summary>What this silo advertises under <see cref="AcceleratorSiloMetadata.Key"/> (fixed at start).</summary>
/// <param name="Value"><see cref="AcceleratorSiloMetadata.Cuda"/> or <see cref="AcceleratorSiloMetadata.None"/>.</param>
public sealed record AdvertisedAccelerator(string Value)
{
    /// <summary>Whether this silo is an accelerator silo.</summary>
    public bool IsAccelerator => string.Equals(Value, AcceleratorSiloMetadata.Cuda, StringComparison.OrdinalIgnoreCase);
}
