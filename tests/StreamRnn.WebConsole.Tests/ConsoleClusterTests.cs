using System.Text.Json;
using Confluent.Kafka;
using StreamRnn.Client;
using StreamRnn.Contracts;
using StreamRnn.Kafka;
using StreamRnn.Silo.Tests.Infrastructure;

namespace StreamRnn.WebConsole.Tests;

/// <summary>
/// The Cluster view on a real two-silo cluster (production mode: a real <c>redis-server</c> for membership and state, one
/// in-test Kafka for both): each silo's console lists both silos with the figures each reported to the cluster status
/// grain, and a silo that stops drops out of the list and of the grain.
/// </summary>
public sealed class ConsoleClusterTests
{
    private const string Token = "viewer-token-0123456789abcdef";
    private const int SensorCount = 12;
    private const int ReadingsPerSensor = 20;

    private static readonly Dictionary<string, string> Secrets = new() { ["Console__Tokens__0__Token"] = Token };

    [Fact]
    public async Task Cluster_TwoSilos_EachListsBothWithTheirOwnFiguresAndAStoppedSiloDropsOut()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await RedisServer.StartAsync(ct);
        using var kafka = ConsoleSilo.CreateTopics(new EmbeddedKafkaCluster(brokerCount: 1));
        string[] arguments =
        [
            $"--Cluster:Redis:ConnectionString={redis.ConnectionString}", "--Cluster:Tls:Disabled=true", "--Demo:Enabled=false",
            "--Console:Tokens:0:Name=vera", "--Console:Tokens:0:Role=viewer", "--Console:ClusterStatusInterval=00:00:00.500",
        ];
        await using var first = await ConsoleSilo.StartAsync(arguments, ct, Secrets, kafka);
        await using var second = await ConsoleSilo.StartAsync(arguments, ct, Secrets, kafka);
        Produce(kafka, first.Topics.ReadingsTopic, ct);

        // Both consoles list both silos, each with the figures that silo reported (its own address), and between
        // them every reading applied: the figures are not only the answering silo's.
        foreach (var console in new[] { first, second })
        {
            var silos = await Poll.UntilAsync("both silos with their figures and every reading applied", async () =>
            {
                var listed = await SilosAsync(console, ct);
                var reported = listed.Where(s => s.Figures is { } f && f.GetProperty("siloAddress").GetString() == s.Address).ToList();
                return listed.Count == 2 && reported.Count == 2 && reported.Sum(s => s.Figures!.Value.GetProperty("readingsApplied").GetInt64()) == SensorCount * ReadingsPerSensor
                    ? listed
                    : null;
            }, ct);
            Assert.Single(silos, s => s.Local);
            Assert.Equal(2, silos.Select(s => s.Address).Distinct().Count());
        }

        var secondAddress = (await SilosAsync(second, ct)).Single(s => s.Local).Address;
        await second.Process.StopAsync(ct);

        // The stopped silo leaves the first one's list (membership) and the cluster status grain (its reports stop).
        await Poll.UntilAsync("the stopped silo to leave the list", async () => (await SilosAsync(first, ct)) is { Count: 1 } left && left[0].Local ? left : null, ct);
        using var client = await StreamRnnClusterClient.ConnectAsync(StreamRnnClusterConnection.Redis(redis.ConnectionString), ct);
        var remaining = await Poll.UntilAsync("the stopped silo's figures to drop out", async () =>
        {
            var figures = await client.Client().GetGrain<IClusterStatusGrain>(0).GetAsync(ct);
            return figures.All(f => f.SiloAddress != secondAddress) && figures.Length == 1 ? figures.ToArray() : null;
        }, ct);
        Assert.NotEqual(secondAddress, remaining[0].SiloAddress);
        await client.StopAsync(CancellationToken.None);
    }

    private static void Produce(EmbeddedKafkaCluster kafka, string topic, CancellationToken cancellationToken)
    {
        using var producer = new ReplayProducer(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, EnableIdempotence = true, Acks = Acks.All }, topic);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var sensor = 0; sensor < SensorCount; sensor++)
        {
            for (var i = 0; i < ReadingsPerSensor; i++)
            {
                producer.Produce($"cluster-{sensor:D2}", start.AddMinutes(i), [10 + (i % 5)]);
            }
        }

        producer.Flush(cancellationToken);
        Assert.Equal(0, producer.Failed);
    }

    private static async Task<List<ListedSilo>> SilosAsync(ConsoleSilo console, CancellationToken cancellationToken)
    {
        using var response = await console.SendAsync(HttpMethod.Get, "api/cluster", Token, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return [.. body.RootElement.GetProperty("silos").EnumerateArray().Select(s => new ListedSilo(
            s.GetProperty("address").GetString()!,
            s.GetProperty("local").GetBoolean(),
            s.GetProperty("figures").ValueKind == JsonValueKind.Null ? null : s.GetProperty("figures").Clone()))];
    }

    private sealed record ListedSilo(string Address, bool Local, JsonElement? Figures);
}
