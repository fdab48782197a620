using Orleans.Placement;

namespace StreamRnn.Grains.Placement;

/// <summary>Places the grain on the silo its key names (<see cref="PoolGrainKey"/>), or on the caller's silo when that one is gone.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class PoolSiloPlacementAttribute() : PlacementAttribute(PoolSiloPlacement.Instance);
