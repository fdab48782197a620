using Confluent.Kafka;
using StreamRnn.Contracts;

namespace StreamRnn.Chaos;

/// <summary>Reads an alerts topic from the beginning to its current end and collects the alert ids (deduplicated).</summary>
internal static class AlertTopicReader
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ConsumeTimeout = TimeSpan.FromMilliseconds(500);

    /// <summary>The alert ids on <paramref name="topic"/> and how many messages carried them (duplicates included).</summary>
    public static async Task<(HashSet<string> Ids, long Messages)> ReadAsync(string bootstrapServers, string topic, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var partitions = await KafkaTopics.PartitionsAsync(bootstrapServers, topic, cancellationToken).ConfigureAwait(false);
        return await Task.Run(() => Read(bootstrapServers, topic, partitions, timeout, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private static (HashSet<string> Ids, long Messages) Read(string bootstrapServers, string topic, int[] partitions, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "streamrnn-chaos-audit-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            ClientId = "streamrnn-chaos-audit",
        };
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(config).Build();
        var ends = partitions.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), RequestTimeout).High.Value);
        var pending = ends.Where(e => e.Value > 0).Select(e => e.Key).ToHashSet();
        consumer.Assign(pending.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var ids = new HashSet<string>(StringComparer.Ordinal);
        long messages = 0;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (pending.Count > 0)
        {
            if (deadline.IsCancellationRequested)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new ChaosSetupException($"Reading {topic} to its end took longer than {timeout.TotalSeconds} s.");
            }

            var result = consumer.Consume(ConsumeTimeout);
            if (result?.Message is null)
            {
                continue;
            }

            messages++;
            var alert = SensorAlertJson.Deserialize(result.Message.Value) ?? throw new ChaosSetupException($"An alert on {topic} at {result.TopicPartitionOffset} is not SensorAlert JSON.");
            ids.Add(alert.AlertId);
            if (result.Offset.Value + 1 >= ends[result.Partition.Value])
            {
                pending.Remove(result.Partition.Value);
            }
        }

        consumer.Close();
        return (ids, messages);
    }
}
