using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace StreamRnn.Kafka.Tests;

public sealed class KafkaConnectionTests
{
    [Fact]
    public void CreateConfigs_SaslPasswordFile_EveryClientCarriesThePasswordFromTheFile()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "from-the-file\n");
            var options = new KafkaOptions { BootstrapServers = "kafka-0:9093", SaslPasswordFile = file };
            options.Client["security.protocol"] = "SASL_SSL";
            options.Client["sasl.mechanism"] = "SCRAM-SHA-512";
            options.Client["sasl.username"] = "streamrnn";
            using var connection = new KafkaConnection(Options.Create(options), NullLogger<KafkaConnection>.Instance);

            Assert.Equal("from-the-file", connection.CreateProducerConfig().SaslPassword);
            Assert.Equal("from-the-file", connection.CreateConsumerConfig("group").SaslPassword);
            Assert.Equal("from-the-file", connection.CreateAdminConfig().SaslPassword);
            Assert.Equal("streamrnn", connection.CreateProducerConfig().SaslUsername);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void BootstrapServers_NoServersConfigured_StartsEmbeddedClusterWithItsTopics()
    {
        var logger = new CapturingLogger<KafkaConnection>();
        using var connection = new KafkaConnection(Options.Create(new KafkaOptions { Partitions = 3 }), logger);

        Assert.True(connection.IsEmbedded);
        Assert.Equal(3, connection.BootstrapServers.Split(',').Length);

        using var admin = new AdminClientBuilder(connection.CreateAdminConfig()).Build();
        var topics = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.ToDictionary(topic => topic.Topic);
        foreach (var name in (string[])["sensor-readings", "sensor-readings-dlq", "sensor-alerts", "sensor-alert-events"])
        {
            Assert.True(topics.ContainsKey(name), name);
            Assert.Equal(ErrorCode.NoError, topics[name].Error.Code);
            Assert.Equal(3, topics[name].Partitions.Count);
        }

        var messages = logger.Entries.Select(entry => entry.Message).ToList();
        Assert.Contains(messages, message => message.Contains("in-memory, not durable", StringComparison.Ordinal));
        Assert.Contains(messages, message => message.Contains("builtin.features=", StringComparison.Ordinal) && message.Contains(KafkaNativeLibrary.LoadedPath, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EnsureTopicsAsync_Embedded_CompletesWithoutAdminCalls()
    {
        // A shared client property librdkafka does not know: any admin client built from this
        // connection's configuration fails at Build, so EnsureTopicsAsync can only complete if it
        // builds none (and so makes no admin call).
        var options = new KafkaOptions { EmbeddedBrokers = 1, Partitions = 1 };
        options.Client["streamrnn.test.no.such.property"] = "1";
        using var connection = new KafkaConnection(Options.Create(options), NullLogger<KafkaConnection>.Instance);
        Assert.ThrowsAny<Exception>(() => new AdminClientBuilder(connection.CreateAdminConfig()).Build().Dispose());

        await connection.EnsureTopicsAsync(TestContext.Current.CancellationToken);

        Assert.True(connection.IsEmbedded);
    }

    [Fact]
    public void BootstrapServers_ConcurrentFirstUse_StartsOneCluster()
    {
        var logger = new CapturingLogger<KafkaConnection>();
        using var connection = new KafkaConnection(Options.Create(new KafkaOptions { EmbeddedBrokers = 1, Partitions = 1 }), logger);

        var servers = new string[8];
        Parallel.For(0, servers.Length, i => servers[i] = connection.BootstrapServers);

        Assert.Single(servers.Distinct());
        Assert.Single(logger.Entries, entry => entry.Message.Contains("in-memory, not durable", StringComparison.Ordinal) && entry.Level == LogLevel.Warning);
    }

    [Fact]
    public void CreateConfigs_ConfiguredServers_UseThemAndStartNothing()
    {
        var logger = new CapturingLogger<KafkaConnection>();
        using var connection = new KafkaConnection(Options.Create(new KafkaOptions { BootstrapServers = " kafka-0:9092,kafka-1:9092 " }), logger);

        Assert.False(connection.IsEmbedded);
        Assert.Equal("kafka-0:9092,kafka-1:9092", connection.BootstrapServers);
        Assert.Equal("kafka-0:9092,kafka-1:9092", connection.CreateConsumerConfig("g").BootstrapServers);
        Assert.Equal("kafka-0:9092,kafka-1:9092", connection.CreateProducerConfig().BootstrapServers);
        Assert.Equal("kafka-0:9092,kafka-1:9092", connection.CreateAdminConfig().BootstrapServers);
        Assert.DoesNotContain(logger.Entries, entry => entry.Message.Contains("EMBEDDED", StringComparison.Ordinal));
    }

    [Fact]
    public void CreateConsumerConfig_Defaults_StoresNoOffsetsAndCommitsOnlyWhenAsked()
    {
        using var connection = RealConnection(new KafkaOptions { BootstrapServers = "kafka:9092" });

        var config = connection.CreateConsumerConfig("ingest");

        Assert.Equal("ingest", config.GroupId);
        Assert.False(config.EnableAutoOffsetStore);
        Assert.False(config.EnableAutoCommit);
        Assert.Equal(AutoOffsetReset.Earliest, config.AutoOffsetReset);
    }

    [Fact]
    public void CreateProducerConfig_Defaults_IsIdempotentWithSmallLinger()
    {
        using var connection = RealConnection(new KafkaOptions { BootstrapServers = "kafka:9092" });

        var config = connection.CreateProducerConfig();

        Assert.True(config.EnableIdempotence);
        Assert.Equal(Acks.All, config.Acks);
        Assert.InRange(config.LingerMs!.Value, 0, 20);
    }

    [Fact]
    public void CreateConfigs_ClientProperties_PassThroughToEveryClient()
    {
        var options = new KafkaOptions { BootstrapServers = "kafka:9093" };
        options.Client["security.protocol"] = "SASL_SSL";
        options.Client["sasl.mechanism"] = "SCRAM-SHA-512";
        options.Client["sasl.username"] = "streamrnn";
        options.Client["sasl.password"] = "secret";
        options.Client["ssl.ca.location"] = "/etc/kafka/ca.pem";
        using var connection = RealConnection(options);

        var configs = new ClientConfig[] { connection.CreateConsumerConfig("g"), connection.CreateProducerConfig(), connection.CreateAdminConfig() };

        foreach (var config in configs)
        {
            Assert.Equal("SASL_SSL", config.Get("security.protocol"));
            Assert.Equal("SCRAM-SHA-512", config.Get("sasl.mechanism"));
            Assert.Equal("streamrnn", config.SaslUsername);
            Assert.Equal("secret", config.SaslPassword);
            Assert.Equal("/etc/kafka/ca.pem", config.SslCaLocation);
            Assert.Equal("kafka:9093", config.BootstrapServers);
        }
    }

    [Fact]
    public void CreateConfigs_ConsumerAndProducerProperties_GoOnlyToTheirKindAndOverrideClient()
    {
        var options = new KafkaOptions { BootstrapServers = "kafka:9093" };
        options.Client["socket.timeout.ms"] = "30000";
        options.Client["linger.ms"] = "7";
        options.Consumer["session.timeout.ms"] = "6000";
        options.Consumer["socket.timeout.ms"] = "45000";
        options.Producer["compression.type"] = "zstd";
        using var connection = RealConnection(options);

        var consumer = connection.CreateConsumerConfig("g");
        var producer = connection.CreateProducerConfig();
        var admin = connection.CreateAdminConfig();

        Assert.Equal("6000", consumer.Get("session.timeout.ms"));
        Assert.Equal("45000", consumer.Get("socket.timeout.ms"));
        Assert.Null(producer.Get("session.timeout.ms"));
        Assert.Null(admin.Get("session.timeout.ms"));
        Assert.Equal("zstd", producer.Get("compression.type"));
        Assert.Null(consumer.Get("compression.type"));
        Assert.Equal("30000", producer.Get("socket.timeout.ms"));
        Assert.Equal("7", producer.Get("linger.ms"));
    }

    [Fact]
    public void CreateConfigs_ClientOverridesOfDefaults_AreKept()
    {
        var options = new KafkaOptions { BootstrapServers = "kafka:9092" };
        options.Client["linger.ms"] = "50";
        options.Client["auto.offset.reset"] = "smallest";
        options.Client["client.id"] = "silo-7";
        using var connection = RealConnection(options);

        Assert.Equal(50, connection.CreateProducerConfig().LingerMs);
        Assert.Equal("smallest", connection.CreateConsumerConfig("g").Get("auto.offset.reset"));
        Assert.Equal("silo-7", connection.CreateAdminConfig().ClientId);
    }

    [Fact]
    public async Task EnsureTopicsAsync_RealClusterWithTopics_LeavesThemAsTheyAre()
    {
        using var cluster = new EmbeddedKafkaCluster(brokerCount: 1);
        cluster.CreateTopic("r", partitions: 2);
        cluster.CreateTopic("d", partitions: 2);
        cluster.CreateTopic("a", partitions: 2);
        cluster.CreateTopic("e", partitions: 2);
        using var connection = RealConnection(new KafkaOptions
        {
            BootstrapServers = cluster.BootstrapServers,
            ReadingsTopic = "r",
            DeadLetterTopic = "d",
            AlertsTopic = "a",
            AlertEventsTopic = "e",
            Partitions = 5,
        });

        await connection.EnsureTopicsAsync(TestContext.Current.CancellationToken);

        using var admin = new AdminClientBuilder(connection.CreateAdminConfig()).Build();
        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
        Assert.All(["r", "d", "a", "e"], (string name) => Assert.Equal(2, metadata.Topics.Single(topic => topic.Topic == name).Partitions.Count));
    }

    [Fact]
    public async Task CreateConfigs_Embedded_RestartedConsumerResumesAfterCommittedOffsets()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var options = new KafkaOptions { EmbeddedBrokers = 1, Partitions = 2 };
        options.Client["session.timeout.ms"] = "2000";
        options.Client["heartbeat.interval.ms"] = "500";
        using var connection = new KafkaConnection(Options.Create(options), NullLogger<KafkaConnection>.Instance);

        await ProduceAsync(connection, options.ReadingsTopic, 0, 10, cancellationToken);
        var first = ConsumeAndCommit(connection, options.ReadingsTopic, 10, cancellationToken);
        await ProduceAsync(connection, options.ReadingsTopic, 10, 5, cancellationToken);
        var second = ConsumeAndCommit(connection, options.ReadingsTopic, 5, cancellationToken);

        Assert.Equal(Enumerable.Range(0, 10), first.Order());
        Assert.Equal(Enumerable.Range(10, 5), second.Order());
    }

    [Fact]
    public void CreateConsumerConfig_EmbeddedOrCluster_UsesShortSessions()
    {
        using var embedded = new KafkaConnection(Options.Create(new KafkaOptions { EmbeddedBrokers = 1, Partitions = 1 }), NullLogger<KafkaConnection>.Instance);
        using var real = RealConnection(new KafkaOptions { BootstrapServers = "kafka:9092" });

        Assert.Equal(6000, embedded.CreateConsumerConfig("g").SessionTimeoutMs);
        Assert.Equal(10_000, real.CreateConsumerConfig("g").SessionTimeoutMs);
    }

    [Fact]
    public void BootstrapServers_AfterDispose_ThrowsObjectDisposed()
    {
        var connection = new KafkaConnection(Options.Create(new KafkaOptions { EmbeddedBrokers = 1, Partitions = 1 }), NullLogger<KafkaConnection>.Instance);
        connection.Dispose();

        Assert.Throws<ObjectDisposedException>(() => connection.BootstrapServers);
    }

    private static async Task ProduceAsync(KafkaConnection connection, string topic, int from, int count, CancellationToken cancellationToken)
    {
        using var producer = new ProducerBuilder<string, int>(connection.CreateProducerConfig())
            .SetValueSerializer(Serializers.Int32)
            .Build();
        for (var i = from; i < from + count; i++)
        {
            await producer.ProduceAsync(topic, new Message<string, int> { Key = $"sensor-{i % 3}", Value = i }, cancellationToken);
        }
    }

    /// <summary>Consumes, stores each offset once handled, commits what was stored, and closes.</summary>
    private static List<int> ConsumeAndCommit(KafkaConnection connection, string topic, int expected, CancellationToken cancellationToken)
    {
        var received = new List<int>();
        using var consumer = new ConsumerBuilder<string, int>(connection.CreateConsumerConfig("resume-test"))
            .SetValueDeserializer(Deserializers.Int32)
            .Build();
        consumer.Subscribe(topic);
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (received.Count < expected && DateTime.UtcNow < deadline)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (result is not null)
                {
                    received.Add(result.Message.Value);
                    consumer.StoreOffset(result);
                }
            }
        }
        finally
        {
            consumer.Commit();
            consumer.Close();
        }

        return received;
    }

    private static KafkaConnection RealConnection(KafkaOptions options) =>
        new(Options.Create(options), NullLogger<KafkaConnection>.Instance);
}
