using Orleans.Placement;

namespace StreamRnn.Grains.Placement;

/// <summary>Places the grain on a silo that advertises an accelerator when the cluster has one.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class PreferAcceleratorSiloAttribute() : PlacementFilterAttribute(new AcceleratorPlacementFilterStrategy());
