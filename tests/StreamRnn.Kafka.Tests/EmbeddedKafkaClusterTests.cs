using System.Text;
using Confluent.Kafka;

namespace StreamRnn.Kafka.Tests;

public sealed class EmbeddedKafkaClusterTests
{
    private static readonly TimeSpan _deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public void Constructor_ThreeBrokers_ReportsThreeBootstrapServers()
    {
        using var cluster = new EmbeddedKafkaCluster();

        var servers = cluster.BootstrapServers.Split(',');
        Assert.Equal(3, cluster.BrokerCount);
        Assert.Equal(3, servers.Length);
        Assert.All(servers, server => Assert.StartsWith("127.0.0.1:", server, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProduceAndConsume_CommittedGroup_SecondConsumerResumesAfterCommittedOffsets()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var cluster = new EmbeddedKafkaCluster();
        cluster.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        const string Topic = "round-trip";
        const string Group = "round-trip-group";
        const int FirstBatch = 200;
        const int SecondBatch = 20;
        cluster.CreateTopic(Topic, partitions: 4, replicationFactor: 3);

        await ProduceAsync(cluster, Topic, 0, FirstBatch, cancellationToken);

        var first = ConsumeUntil(cluster, Topic, Group, FirstBatch, cancellationToken);
        Assert.Equal(FirstBatch, first.Count);
        Assert.Equal(Enumerable.Range(0, FirstBatch).Select(Key), first.Select(m => m.Key).Order());
        Assert.Equal(4, first.Select(m => m.Partition).Distinct().Count());

        await ProduceAsync(cluster, Topic, FirstBatch, SecondBatch, cancellationToken);

        var second = ConsumeUntil(cluster, Topic, Group, SecondBatch, cancellationToken);
        Assert.Equal(Enumerable.Range(FirstBatch, SecondBatch).Select(Key), second.Select(m => m.Key).Order());
    }

    /// <summary>A message far over the consumer's per-partition fetch size (1 MB) is still delivered, and the one after it.</summary>
    [Fact]
    public async Task ProduceAndConsume_MessageOfSeveralMegabytes_IsDeliveredWithTheRest()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var cluster = new EmbeddedKafkaCluster(brokerCount: 1);
        cluster.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        const string Topic = "large";
        cluster.CreateTopic(Topic, partitions: 1);
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, MessageMaxBytes = 8_000_000 }).Build())
        {
            await producer.ProduceAsync(Topic, new Message<string, string> { Key = "before", Value = "small" }, cancellationToken);
            await producer.ProduceAsync(Topic, new Message<string, string> { Key = "large", Value = new string('x', 4_000_000) }, cancellationToken);
            await producer.ProduceAsync(Topic, new Message<string, string> { Key = "after", Value = "small" }, cancellationToken);
        }

        var received = ConsumeUntil(cluster, Topic, "large-group", 3, cancellationToken);

        Assert.Equal(["before", "large", "after"], received.Select(m => m.Key));
    }

    [Fact]
    public void CreateTopic_ExistingName_ThrowsTopicAlreadyExists()
    {
        using var cluster = new EmbeddedKafkaCluster(brokerCount: 1);
        cluster.CreateTopic("twice", partitions: 2);

        var exception = Assert.Throws<KafkaException>(() => cluster.CreateTopic("twice", partitions: 2));

        Assert.Equal(ErrorCode.TopicAlreadyExists, exception.Error.Code);
        Assert.Contains("twice", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad name", 1, 1)]
    [InlineData("__internal", 1, 1)]
    [InlineData("ok", 0, 1)]
    [InlineData("ok", 1, 2)]
    public void CreateTopic_InvalidArguments_ThrowsArgumentException(string name, int partitions, int replicationFactor)
    {
        using var cluster = new EmbeddedKafkaCluster(brokerCount: 1);

        Assert.ThrowsAny<ArgumentException>(() => cluster.CreateTopic(name, partitions, replicationFactor));
    }

    [Fact]
    public void CreateTopic_AfterDispose_ThrowsObjectDisposed()
    {
        var cluster = new EmbeddedKafkaCluster(brokerCount: 1);
        cluster.Dispose();
        cluster.Dispose();

        Assert.Throws<ObjectDisposedException>(() => cluster.CreateTopic("late", 1));
    }

    [Fact]
    public async Task SetBrokerDown_EveryBroker_ProducerWaitsUntilSetBrokerUpThenDeliversOnce()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var cluster = new EmbeddedKafkaCluster(brokerCount: 2);
        cluster.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        cluster.CreateTopic("outage", partitions: 2, replicationFactor: 2);
        var allDown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, EnableIdempotence = true, Acks = Acks.All })
            .SetErrorHandler((_, error) =>
            {
                if (error.Code == ErrorCode.Local_AllBrokersDown)
                {
                    allDown.TrySetResult();
                }
            })
            .Build();
        await producer.ProduceAsync("outage", new Message<string, string> { Key = "before", Value = "1" }, cancellationToken);

        cluster.SetBrokerDown(1);
        cluster.SetBrokerDown(2);
        var during = producer.ProduceAsync("outage", new Message<string, string> { Key = "during", Value = "2" }, cancellationToken);
        await allDown.Task.WaitAsync(_deadline, cancellationToken);
        Assert.False(during.IsCompleted, "a message was delivered while every broker was down");

        cluster.SetBrokerUp(1);
        cluster.SetBrokerUp(2);
        var delivered = await during.WaitAsync(_deadline, cancellationToken);

        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
        var keys = ConsumeUntil(cluster, "outage", "outage-group", 2, cancellationToken).Select(m => m.Key).Order();
        Assert.Equal(["before", "during"], keys);
    }

    [Fact]
    public async Task PushRequestErrors_ProduceRefused_FailsTheNextProduceWithThatErrorOnly()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var cluster = new EmbeddedKafkaCluster(brokerCount: 1);
        cluster.CreateTopic("refused", partitions: 1);
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, Acks = Acks.All, LingerMs = 0 }).Build();
        await producer.ProduceAsync("refused", new Message<string, string> { Key = "warm", Value = "0" }, cancellationToken);

        cluster.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.MsgSizeTooLarge);
        var refused = await Assert.ThrowsAsync<ProduceException<string, string>>(
            () => producer.ProduceAsync("refused", new Message<string, string> { Key = "refused", Value = "1" }, cancellationToken));
        var accepted = await producer.ProduceAsync("refused", new Message<string, string> { Key = "accepted", Value = "2" }, cancellationToken);

        Assert.Equal(ErrorCode.MsgSizeTooLarge, refused.Error.Code);
        Assert.Equal(PersistenceStatus.Persisted, accepted.Status);
    }

    [Fact]
    public async Task ClearRequestErrors_QueuedErrors_NextProduceSucceeds()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var cluster = new EmbeddedKafkaCluster(brokerCount: 1);
        cluster.CreateTopic("cleared", partitions: 1);
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, Acks = Acks.All, LingerMs = 0 }).Build();
        await producer.ProduceAsync("cleared", new Message<string, string> { Key = "warm", Value = "0" }, cancellationToken);

        cluster.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.TopicAuthorizationFailed, ErrorCode.TopicAuthorizationFailed);
        cluster.ClearRequestErrors(KafkaApiKey.Produce);
        var accepted = await producer.ProduceAsync("cleared", new Message<string, string> { Key = "accepted", Value = "1" }, cancellationToken);

        Assert.Equal(PersistenceStatus.Persisted, accepted.Status);
    }

    [Fact]
    public async Task CountRequests_ThreeAcknowledgedProduces_CountsThemAndNoCommit()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var cluster = new EmbeddedKafkaCluster(brokerCount: 1);
        cluster.CreateTopic("tracked", partitions: 1);
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, Acks = Acks.All, LingerMs = 0 }).Build();
        await producer.ProduceAsync("tracked", new Message<string, string> { Key = "warm", Value = "0" }, cancellationToken);

        cluster.StartRequestTracking();
        for (var i = 1; i <= 3; i++)
        {
            await producer.ProduceAsync("tracked", new Message<string, string> { Key = "k", Value = "v" }, cancellationToken);
        }

        var produces = cluster.CountRequests(KafkaApiKey.Produce);
        var commits = cluster.CountRequests(KafkaApiKey.OffsetCommit);
        cluster.StopRequestTracking();

        Assert.Equal(3, produces);
        Assert.Equal(0, commits);
    }

    [Fact]
    public void SetPartitionLeader_AnotherBroker_MetadataNamesTheNewLeader()
    {
        using var cluster = new EmbeddedKafkaCluster(brokerCount: 3);
        cluster.CreateTopic("leaders", partitions: 2, replicationFactor: 3);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = cluster.BootstrapServers }).Build();

        foreach (var leader in new[] { 2, 3, 1 })
        {
            cluster.SetPartitionLeader("leaders", 1, leader);

            var partition = admin.GetMetadata("leaders", _deadline).Topics.Single().Partitions.Single(p => p.PartitionId == 1);
            Assert.Equal(leader, partition.Leader);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void SetBrokerDown_UnknownBroker_ThrowsArgumentOutOfRange(int brokerId)
    {
        using var cluster = new EmbeddedKafkaCluster(brokerCount: 3);

        Assert.Throws<ArgumentOutOfRangeException>(() => cluster.SetBrokerDown(brokerId));
    }

    private static string Key(int i) => $"sensor-{i:D4}";

    private static async Task ProduceAsync(EmbeddedKafkaCluster cluster, string topic, int from, int count, CancellationToken cancellationToken)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
        };
        using var producer = new ProducerBuilder<string, string>(config).Build();
        var deliveries = Enumerable.Range(from, count)
            .Select(i => producer.ProduceAsync(topic, new Message<string, string> { Key = Key(i), Value = $"{{\"n\":{i}}}" }, cancellationToken))
            .ToList();
        var results = await Task.WhenAll(deliveries);
        Assert.All(results, result => Assert.Equal(PersistenceStatus.Persisted, result.Status));
    }

    private static List<(string Key, int Partition)> ConsumeUntil(EmbeddedKafkaCluster cluster, string topic, string group, int expected, CancellationToken cancellationToken)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = group,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,

            // When the last member leaves, the mock holds the group in Joining for session.timeout.ms
            // minus one second before a new member is admitted; keep that wait short.
            SessionTimeoutMs = 2000,
            HeartbeatIntervalMs = 500,
        };
        var received = new List<(string Key, int Partition)>();
        using var consumer = new ConsumerBuilder<string, string>(config).Build();
        consumer.Subscribe(topic);
        try
        {
            var deadline = DateTime.UtcNow + _deadline;
            while (received.Count < expected && DateTime.UtcNow < deadline)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (result is null || result.IsPartitionEOF)
                {
                    continue;
                }

                Assert.Equal(Encoding.UTF8.GetByteCount(result.Message.Value), result.Message.Value.Length);
                received.Add((result.Message.Key, result.Partition.Value));
                consumer.StoreOffset(result);
            }

            consumer.Commit();
        }
        finally
        {
            consumer.Close();
        }

        return received;
    }
}
