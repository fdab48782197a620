namespace StreamRnn.WebConsole;

/// <summary>How many messages this silo's consumer is behind on one partition (from <c>streamrnn.ingest.lag</c>).</summary>
public sealed record ConsolePartitionLag(string Partition, long Lag);
