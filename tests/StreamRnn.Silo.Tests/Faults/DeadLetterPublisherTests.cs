using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StreamRnn.Hosting.Ingest;
using StreamRnn.Kafka;

namespace StreamRnn.Silo.Tests.Faults;

public sealed class DeadLetterPublisherTests
{
    private const string Readings = "readings";
    private const string DeadLetters = "readings-dlq";

    [Fact]
    public async Task PublishAsync_SourceOffsetsWrittenBeforeAReplay_WritesEachDeadLetterOnce()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var cluster = new EmbeddedKafkaCluster(brokerCount: 1);
        cluster.CreateTopic(DeadLetters, partitions: 1);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var telemetry = new IngestTelemetry(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        using var connection = new KafkaConnection(Options.Create(new KafkaOptions { BootstrapServers = cluster.BootstrapServers }), NullLogger<KafkaConnection>.Instance);

        using (var publisher = new DeadLetterPublisher(connection, DeadLetters, telemetry, NullLogger.Instance))
        {
            // Offsets 3 and 7 of partition 0 and offset 3 of partition 1, then a replay of partition 0 from offset 2
            // (3 and 7 again, and 9, new) and of partition 1 (3 again).
            foreach (var (partition, offset) in new[] { (0, 3L), (0, 7L), (1, 3L), (0, 3L), (0, 7L), (0, 9L), (1, 3L) })
            {
                await publisher.PublishAsync(Source(partition, offset), DeadLetterReason.InvalidJson, "test", cancellationToken);
            }

            publisher.Flush(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(4, telemetry.DeadLetteredTotal);
        var written = ReadAll(cluster.BootstrapServers, expected: 4, cancellationToken);
        Assert.Equal([(0, 3L), (0, 7L), (1, 3L), (0, 9L)], written.Select(source => (source.Partition.Value, source.Offset.Value)));
    }

    [Fact]
    public async Task PublishAsync_AnotherPublisher_WritesTheSameSourceAgain()
    {
        // What one silo wrote, another silo that takes the partition over before a commit does not know: the dead letter
        // is written again with the same source headers, by which readers recognise it.
        var cancellationToken = TestContext.Current.CancellationToken;
        using var cluster = new EmbeddedKafkaCluster(brokerCount: 1);
        cluster.CreateTopic(DeadLetters, partitions: 1);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var telemetry = new IngestTelemetry(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        using var connection = new KafkaConnection(Options.Create(new KafkaOptions { BootstrapServers = cluster.BootstrapServers }), NullLogger<KafkaConnection>.Instance);
        for (var silo = 0; silo < 2; silo++)
        {
            using var publisher = new DeadLetterPublisher(connection, DeadLetters, telemetry, NullLogger.Instance);
            await publisher.PublishAsync(Source(0, 5), DeadLetterReason.InvalidJson, "test", cancellationToken);
        }

        var written = ReadAll(cluster.BootstrapServers, expected: 2, cancellationToken);
        Assert.All(written, source => Assert.Equal(new TopicPartitionOffset(Readings, 0, 5), source));
    }

    private static ConsumeResult<byte[]?, byte[]?> Source(int partition, long offset) => new()
    {
        TopicPartitionOffset = new TopicPartitionOffset(Readings, partition, offset),
        Message = new Message<byte[]?, byte[]?> { Key = "s"u8.ToArray(), Value = "{"u8.ToArray() },
    };

    /// <summary>Reads the dead-letter topic until <paramref name="expected"/> letters and then to its end: a copy too many would be read.</summary>
    private static List<TopicPartitionOffset> ReadAll(string bootstrapServers, int expected, CancellationToken cancellationToken)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "dlq-reader",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            EnablePartitionEof = true,
        }).Build();
        consumer.Assign(new TopicPartitionOffset(DeadLetters, 0, Offset.Beginning));
        var sources = new List<TopicPartitionOffset>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                if (sources.Count >= expected)
                {
                    break;
                }

                continue;
            }

            Assert.True(DeadLetterHeaders.TryParse(result.Message.Headers, out var info));
            sources.Add(info.Source);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return sources;
    }
}
