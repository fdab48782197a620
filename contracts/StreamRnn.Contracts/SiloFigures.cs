using System.Collections.Immutable;

namespace StreamRnn.Contracts;

/// <summary>
/// One silo's figures as it reports them to the <see cref="IClusterStatusGrain"/>: readings/s and mean batch size over
/// the last second or more, the model version it serves, weight swaps, readings applied, its consumer lag per partition.
/// </summary>
[GenerateSerializer, Immutable, Alias("streamrnn.silo-figures")]
public sealed record SiloFigures(
    [property: Id(0)] string SiloAddress,
    [property: Id(1)] string SiloName,
    [property: Id(2)] double ReadingsPerSecond,
    [property: Id(3)] double MeanBatchSize,
    [property: Id(4)] int ModelVersion,
    [property: Id(5)] ImmutableArray<PartitionLag> Lag,
    [property: Id(6)] long Swaps,
    [property: Id(7)] long ReadingsApplied)
{
    /// <summary>When the cluster status grain received it (its own clock: silos' clocks may differ); set by the grain.</summary>
    [Id(8)]
    public DateTimeOffset ReceivedAt { get; init; }
}
