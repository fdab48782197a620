using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StreamRnn.Hosting;

namespace StreamRnn.Bench;

/// <summary>
/// An in-process pipeline silo for the scenarios: localhost clustering, the whole StreamRnn pipeline
/// (<see cref="SiloBuilderExtensions.AddStreamRnn"/>) consuming a given Kafka, errors-only logging.
/// </summary>
public static class BenchSilo
{
    /// <summary>Builds (does not start) a silo host.</summary>
    /// <param name="bootstrapServers">The Kafka to consume.</param>
    /// <param name="topics">The readings, dead-letter, alerts and alert-events topics; the scores topic when scores are published.</param>
    /// <param name="group">The consumer group (one per drain, so each reads the backlog from its start).</param>
    /// <param name="port">Offset added to the silo and gateway ports (11311, 30311), so silos of one run do not collide; -1: free ports.</param>
    /// <param name="maxBatchSize">Inference:MaxBatchSize (1 disables batching).</param>
    /// <param name="overrides">Further settings, <c>--Section:Key=value</c>; they win over the scenario's.</param>
    public static IHost Build(string bootstrapServers, BenchTopics topics, string group, int port, int maxBatchSize, IReadOnlyList<string> overrides)
    {
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(overrides);
        var args = overrides.ToArray();
        var builder = Host.CreateApplicationBuilder(args);
        // The figures are the only lines on standard output: whatever the silo logs goes to standard error.
        builder.Logging.ClearProviders().AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Error);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = bootstrapServers,
            ["Kafka:ReadingsTopic"] = topics.Readings,
            ["Kafka:DeadLetterTopic"] = topics.DeadLetters,
            ["Kafka:AlertsTopic"] = topics.Alerts,
            ["Kafka:AlertEventsTopic"] = topics.AlertEvents,
            ["Kafka:ScoresTopic"] = topics.Scores,
            ["Kafka:ConsumerGroup"] = group,
            ["Kafka:Consumer:session.timeout.ms"] = "6000",

            // The embedded Kafka (librdkafka's mock broker) holds a fetch that finds no data for the whole wait (500 ms by
            // default); a real broker answers when data arrives. Short here, so latency is measured without that floor.
            ["Kafka:Consumer:fetch.wait.max.ms"] = "5",
            ["Inference:MaxBatchSize"] = maxBatchSize.ToString(CultureInfo.InvariantCulture),
            ["Sensors:MinimumDropoutSilence"] = "01:00:00",
        });
        builder.Configuration.AddCommandLine(args);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: port < 0 ? FreePort() : 11311 + port, gatewayPort: port < 0 ? FreePort() : 30311 + port);
            silo.AddStreamRnn();
        });
        return builder.Build();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The pipeline's counters (readings applied so far) of a silo built here.</summary>
    public static Func<long> ReadingsApplied(IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var counters = host.Services.GetRequiredService<PipelineCounters>();
        return () => counters.Readings;
    }
}
