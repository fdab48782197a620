namespace StreamRnn.Grains.Placement;

/// <summary>The silo metadata StreamRnn advertises for placement.</summary>
public static class AcceleratorSiloMetadata
{
    /// <summary>Key of the accelerator a silo offers: <c>cuda</c>, or <c>none</c>.</summary>
    public const string Key = "streamrnn.accelerator";

    /// <summary>The value of a silo with a CUDA device.</summary>
    public const string Cuda = "cuda";

    /// <summary>The value of a CPU-only silo.</summary>
    public const string None = "none";
}
