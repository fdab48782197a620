using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace StreamRnn.Grains.Placement;

/// <summary>
/// Applies <see cref="AcceleratorPlacementFilterStrategy"/>: the candidate silos whose metadata has
/// <see cref="AcceleratorSiloMetadata.Key"/> = <see cref="AcceleratorSiloMetadata.Cuda"/>, or all candidates
/// when none has (training then runs on a CPU silo).
/// </summary>
public sealed class AcceleratorPlacementFilterDirector(ISiloMetadataCache metadata) : IPlacementFilterDirector
{
    /// <inheritdoc />
    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos)
    {
        ArgumentNullException.ThrowIfNull(silos);
        var candidates = silos.ToList();
        var accelerated = candidates.Where(HasAccelerator).ToList();
        return accelerated.Count > 0 ? accelerated : candidates;
    }

    private bool HasAccelerator(SiloAddress silo) =>
        metadata.GetSiloMetadata(silo).Metadata.TryGetValue(AcceleratorSiloMetadata.Key, out var value)
        && string.Equals(value, AcceleratorSiloMetadata.Cuda, StringComparison.OrdinalIgnoreCase);
}
