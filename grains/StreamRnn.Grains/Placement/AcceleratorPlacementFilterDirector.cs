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
    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos) =>
        Filter(silos, silo => metadata.GetSiloMetadata(silo).Metadata.GetValueOrDefault(AcceleratorSiloMetadata.Key));

    /// <summary>The rule itself: the silos whose accelerator is <c>cuda</c>, or all of them when none is.</summary>
    /// <param name="silos">The candidate silos.</param>
    /// <param name="accelerator">A silo's advertised accelerator, or <see langword="null"/>.</param>
    /// <returns>The silos the grain may be placed on.</returns>
    public static IReadOnlyList<T> Filter<T>(IEnumerable<T> silos, Func<T, string?> accelerator)
    {
        ArgumentNullException.ThrowIfNull(silos);
        ArgumentNullException.ThrowIfNull(accelerator);
        var candidates = silos.ToList();
        var accelerated = candidates.Where(silo => string.Equals(accelerator(silo), AcceleratorSiloMetadata.Cuda, StringComparison.OrdinalIgnoreCase)).ToList();
        return accelerated.Count > 0 ? accelerated : candidates;
    }
}
