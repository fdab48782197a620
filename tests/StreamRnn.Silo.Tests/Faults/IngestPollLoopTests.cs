using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;
using Microsoft.Extensions.Logging;
using StreamRnn.Hosting.Ingest;
using StreamRnn.Kafka;

namespace StreamRnn.Silo.Tests.Faults;

public sealed class IngestPollLoopTests
{
    [Fact]
    public async Task Start_SubscribedTopicMissing_LogsTheErrorAndKeepsConsuming()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        const int Messages = 5;
        using var cluster = new EmbeddedKafkaCluster(brokerCount: 1);
        cluster.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        cluster.CreateTopic("present", partitions: 1);
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build())
        {
            for (var i = 0; i < Messages; i++)
            {
                await producer.ProduceAsync("present", new Message<string, string> { Key = "s", Value = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken);
            }
        }

        var logger = new CapturingLogger();
        using var loop = new IngestPollLoop(new IngestOptions(), TimeProvider.System, logger);
        var config = new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "poll-loop",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            AllowAutoCreateTopics = false,
            SessionTimeoutMs = 6000,
        };
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
        // "absent" does not exist: librdkafka reports it through Consume as a ConsumeException that is not fatal.
        consumer.Subscribe(["present", "absent"]);
        using var stopping = new CancellationTokenSource();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        loop.Start(consumer, stopping.Token);

        var received = 0;
        try
        {
            while (received < Messages || !logger.Entries.Any(e => e.Message.Contains("consume error", StringComparison.Ordinal)))
            {
                var poll = await loop.Polls.ReadAsync(deadline.Token);
                received += poll.Messages.Count;
                loop.Dispatched();
            }
        }
        finally
        {
            await stopping.CancelAsync();
            while (loop.Polls.TryRead(out _))
            {
                loop.Dispatched();
            }

            loop.Join();
            consumer.Close();
        }

        Assert.Equal(Messages, received);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(nameof(ErrorCode.UnknownTopicOrPart), StringComparison.Ordinal));
        Assert.False(loop.Polls.Completion.IsFaulted);
    }
}
