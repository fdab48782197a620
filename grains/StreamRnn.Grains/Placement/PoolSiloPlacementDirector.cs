using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace StreamRnn.Grains.Placement;

/// <summary>
/// Applies <see cref="PoolSiloPlacement"/>: a pool grain goes to the silo its key names while that silo is a compatible,
/// live member. A key whose silo has left (a call raced its departure) is placed on the caller's silo, whose own batcher
/// then answers: the step is computed either way.
/// </summary>
public sealed class PoolSiloPlacementDirector : IPlacementDirector
{
    /// <inheritdoc />
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = target.GrainIdentity.Key.ToString();
        if (key is not null && PoolGrainKey.TryParse(key, out var silo, out _) && context.GetCompatibleSilos(target).Contains(silo))
        {
            return Task.FromResult(silo);
        }

        return Task.FromResult(context.LocalSilo);
    }
}
