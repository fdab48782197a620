using Orleans.Placement;

namespace StreamRnn.Grains.Placement;

/// <summary>Placement filter: keep the silos that advertise an accelerator, or every silo when none does.</summary>
public sealed class AcceleratorPlacementFilterStrategy() : PlacementFilterStrategy(order: 0);
