using System.Collections.Immutable;
using Orleans.Concurrency;

namespace StreamRnn.Contracts;

/// <summary>
/// The cluster's figures for the console (key 0): every silo reports its own every few seconds
/// (<c>Console:ClusterStatusInterval</c>); a silo that stops reporting drops out once its last report is older than
/// what it asked to be kept for. In memory only: after a move it is full again within one interval.
/// </summary>
public interface IClusterStatusGrain : IGrainWithIntegerKey
{
    /// <summary>Keeps <paramref name="figures"/> as its silo's, for <paramref name="keepFor"/> unless a newer report replaces it.</summary>
    ValueTask ReportAsync(SiloFigures figures, TimeSpan keepFor, CancellationToken cancellationToken = default);

    /// <summary>The figures of every silo that reported within what it asked to be kept for, by silo address.</summary>
    [ReadOnly]
    ValueTask<ImmutableArray<SiloFigures>> GetAsync(CancellationToken cancellationToken = default);
}
