using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace StreamRnn.Chaos;

/// <summary>Admin work on the development Kafka: the runs' alerts topics and the readings topic's partitions.</summary>
internal static class KafkaTopics
{
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Makes <paramref name="topics"/> exist. The development Kafka (librdkafka's mock cluster) serves no CreateTopics
    /// request; it creates a topic (with its default partition count) when a metadata request that allows it names
    /// the topic, so that is how: a producer handle with <c>allow.auto.create.topics</c> asks for each one's metadata.
    /// </summary>
    public static async Task EnsureAsync(string bootstrapServers, IEnumerable<string> topics, CancellationToken cancellationToken)
    {
        var config = new ProducerConfig { BootstrapServers = bootstrapServers, ClientId = "streamrnn-chaos-topics" };
        config.Set("allow.auto.create.topics", "true");
        using var producer = new ProducerBuilder<Null, Null>(config).Build();
        using var admin = new DependentAdminClientBuilder(producer.Handle).Build();
        foreach (var topic in topics)
        {
            var created = false;
            for (var attempt = 0; attempt < 10 && !created; attempt++)
            {
                var metadata = await Task.Run(() => admin.GetMetadata(topic, MetadataTimeout), cancellationToken).ConfigureAwait(false);
                created = metadata.Topics.Any(t => t.Topic == topic && t.Error.Code == ErrorCode.NoError && t.Partitions.Count > 0);
            }

            if (!created)
            {
                throw new ChaosSetupException($"Topic {topic} could not be created on {bootstrapServers}.");
            }
        }
    }

    /// <summary>The partitions of <paramref name="topic"/>, ascending.</summary>
    public static async Task<int[]> PartitionsAsync(string bootstrapServers, string topic, CancellationToken cancellationToken)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var metadata = await Task.Run(() => admin.GetMetadata(topic, MetadataTimeout), cancellationToken).ConfigureAwait(false);
        var partitions = metadata.Topics.SingleOrDefault(t => t.Topic == topic)?.Partitions.Select(p => p.PartitionId).Order().ToArray() ?? [];
        return partitions.Length > 0 ? partitions : throw new ChaosSetupException($"Topic {topic} has no partitions on {bootstrapServers}.");
    }
}
