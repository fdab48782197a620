using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;
using Confluent.Kafka.Admin;

namespace StreamRnn.Chaos;

/// <summary>Admin work on the development Kafka: the runs' alerts topics and the readings topic's partitions.</summary>
internal static class KafkaTopics
{
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Creates <paramref name="topics"/> (when missing) with <paramref name="partitions"/> partitions each.</summary>
    public static async Task EnsureAsync(string bootstrapServers, IEnumerable<string> topics, int partitions, CancellationToken cancellationToken)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        try
        {
            await admin.CreateTopicsAsync([.. topics.Select(topic => new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = -1 })]).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CreateTopicsException exception) when (exception.Results.All(result => result.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
            // Already there.
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
