using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StreamRnn.Hosting.Alerts;
using StreamRnn.Hosting.Ingest;
using StreamRnn.Kafka;

namespace StreamRnn.Silo.Tests;

/// <summary>The Kafka settings that keep a light load's reading-to-score latency low, and that configuration still wins.</summary>
public sealed class LatencyDefaultsTests
{
    [Fact]
    public void WithIngestDefaults_NothingConfigured_FetchWaitLeftToLibrdkafka()
    {
        // A real broker answers a fetch as soon as data arrives; only the embedded mock holds it for the whole wait, so
        // the short wait is opted into (streamrnn bench does) rather than made every consumer's busy loop.
        var config = KafkaIngestService.WithIngestDefaults(new ConsumerConfig());

        Assert.Null(config.FetchWaitMaxMs);
    }

    [Fact]
    public void WithIngestDefaults_FetchWaitConfigured_KeepsIt()
    {
        var config = KafkaIngestService.WithIngestDefaults(new ConsumerConfig { FetchWaitMaxMs = 250 });

        Assert.Equal(250, config.FetchWaitMaxMs);
    }

    [Fact]
    public void Create_NoLingerConfigured_SinkProducerDoesNotLinger()
    {
        var options = new KafkaOptions { BootstrapServers = "localhost:9" };
        using var connection = new KafkaConnection(Options.Create(options), NullLogger<KafkaConnection>.Instance);

        var config = SinkProducerConfig.Create(connection, options);

        Assert.Equal(0, config.LingerMs);
        Assert.Equal("5", connection.CreateProducerConfig().Get("linger.ms"));
    }

    [Fact]
    public void Create_LingerConfiguredForProducers_KeepsIt()
    {
        var options = new KafkaOptions { BootstrapServers = "localhost:9" };
        options.Producer["linger.ms"] = "7";
        using var connection = new KafkaConnection(Options.Create(options), NullLogger<KafkaConnection>.Instance);

        var config = SinkProducerConfig.Create(connection, options);

        Assert.Equal(7, config.LingerMs);
    }
}
