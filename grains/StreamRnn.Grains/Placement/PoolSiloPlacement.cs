using Orleans.Runtime;

namespace StreamRnn.Grains.Placement;

/// <summary>Placement strategy of <see cref="InferencePoolGrain"/>: on the silo its key names (<see cref="PoolSiloPlacementDirector"/>).</summary>
[GenerateSerializer, Immutable]
public sealed class PoolSiloPlacement : PlacementStrategy
{
    /// <summary>The one instance.</summary>
    public static PoolSiloPlacement Instance { get; } = new();
}
