namespace StreamRnn.Contracts;

/// <summary>How many messages a silo's consumer is behind on one partition.</summary>
[GenerateSerializer, Immutable, Alias("streamrnn.partition-lag")]
public sealed record PartitionLag(
    [property: Id(0)] string Partition,
    [property: Id(1)] long Lag);
