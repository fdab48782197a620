using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using StreamRnn.Contracts;
using StreamRnn.Kafka;
using StreamRnn.Hosting;
using StreamRnn.Silo.Startup;

namespace StreamRnn.Silo.Tests;

/// <summary>
/// The whole pipeline for real: an embedded Kafka (librdkafka's mock cluster, three brokers, spoken to
/// over TCP with the Kafka protocol) and a two-silo in-process Orleans cluster whose silos are members
/// of one ingest consumer group, configured with that Kafka's bootstrap servers exactly as a silo is
/// configured for a real cluster.
/// </summary>
public class PipelineFixture : IAsyncLifetime
{
    public const string ReadingsTopic = "test-readings";
    public const string DeadLetterTopic = "test-readings-dlq";
    public const string AlertsTopic = "test-alerts";
    public const string AlertEventsTopic = "test-alert-events";
    public const int Partitions = 8;

    public EmbeddedKafkaCluster Kafka { get; } = new(3);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    /// <summary>
    /// A grain factory inside the first silo (its hosted client): what ingest calls sensors through. Ingest-only
    /// methods (<c>ISensorGrain.ApplyAsync</c>) are refused to <see cref="Client"/>.
    /// </summary>
    public IGrainFactory SiloGrains => Cluster.Silos[0].ServiceProvider.GetRequiredService<IGrainFactory>();

    public async ValueTask InitializeAsync()
    {
        Kafka.SetGroupInitialRebalanceDelay(TimeSpan.FromMilliseconds(100));
        Kafka.CreateTopic(ReadingsTopic, Partitions);
        Kafka.CreateTopic(DeadLetterTopic, DeadLetterPartitions);
        Kafka.CreateTopic(AlertsTopic, 2);
        Kafka.CreateTopic(AlertEventsTopic, 2);
        foreach (var (topic, partitions) in ExtraTopics)
        {
            Kafka.CreateTopic(topic, partitions);
        }

        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = Kafka.BootstrapServers,
            ["Kafka:ReadingsTopic"] = ReadingsTopic,
            ["Kafka:DeadLetterTopic"] = DeadLetterTopic,
            ["Kafka:AlertsTopic"] = AlertsTopic,
            ["Kafka:AlertEventsTopic"] = AlertEventsTopic,
            ["Kafka:ConsumerGroup"] = "test-ingest",
            // The mock cluster admits a member that rejoins an emptied group only after its session
            // timeout; keep it short as the embedded mode does.
            ["Kafka:Consumer:session.timeout.ms"] = "6000",
            ["Kafka:Consumer:heartbeat.interval.ms"] = "1500",
            // Replays arrive in bursts; wall-clock dropout is covered by the grain tests.
            ["Sensors:MinimumDropoutSilence"] = "01:00:00",
        }).AddInMemoryCollection(ExtraSettings));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddStreamRnn();
            ConfigureSilo(silo);
        });
        builder.ConfigureClient(client => client.AddMemoryStreams(StreamNames.Provider));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>Partitions of the dead-letter topic (librdkafka's mock cluster keeps about 5 MB of each).</summary>
    protected virtual int DeadLetterPartitions => 2;

    /// <summary>Topics a derived fixture creates besides the readings, dead-letter and alerts topics.</summary>
    protected virtual IReadOnlyList<(string Topic, int Partitions)> ExtraTopics { get; } = [];

    /// <summary>What a derived fixture adds to every silo (a call filter).</summary>
    protected virtual void ConfigureSilo(ISiloBuilder silo)
    {
    }

    /// <summary>Settings a derived fixture adds to (or overrides in) every silo's configuration.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>();

    public ProducerConfig ProducerConfig() => new() { BootstrapServers = Kafka.BootstrapServers, EnableIdempotence = true, Acks = Acks.All, LingerMs = 5 };

    public ConsumerConfig ConsumerConfig(string group) => new()
    {
        BootstrapServers = Kafka.BootstrapServers,
        GroupId = group,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = false,
    };

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100, cancellationToken);
        }

        return await condition();
    }

    public virtual async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Kafka.Dispose();
        GC.SuppressFinalize(this);
    }
}

[CollectionDefinition(Name)]
public sealed class PipelineGroup : ICollectionFixture<PipelineFixture>
{
    public const string Name = "pipeline";
}
