namespace StreamRnn.Contracts;

/// <summary>Where the cluster reads and writes Kafka: bootstrap servers and topic names.</summary>
[GenerateSerializer, Immutable, Alias("streamrnn.kafka-endpoint")]
public sealed record KafkaEndpoint(
    [property: Id(0)] string BootstrapServers,
    [property: Id(1)] bool IsEmbedded,
    [property: Id(2)] string ReadingsTopic,
    [property: Id(3)] string DeadLetterTopic,
    [property: Id(4)] string AlertsTopic)
{
    /// <summary>The scores topic, when the cluster publishes every reading's score (<c>Kafka:ScoresTopic</c>).</summary>
    [Id(5)] public string? ScoresTopic { get; init; }

    /// <summary>The alert lifecycle events topic (<c>Kafka:AlertEventsTopic</c>); null from a silo older than it.</summary>
    [Id(6)] public string? AlertEventsTopic { get; init; }
}
