using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using StreamRnn.Kafka;
using StreamRnn.Silo.Tests.Infrastructure;

namespace StreamRnn.WebConsole.Tests;

/// <summary>
/// A silo executable (<c>dotnet StreamRnn.Silo.dll</c>) with an in-test Kafka (librdkafka's mock cluster) and its HTTP
/// port on a free port: the console is at <see cref="BaseAddress"/>. Ready once <c>/health/ready</c> answers 200.
/// </summary>
internal sealed class ConsoleSilo : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private readonly bool _ownsKafka;

    private ConsoleSilo(SiloProcess process, EmbeddedKafkaCluster kafka, bool ownsKafka, Uri baseAddress, int gatewayPort)
    {
        _ownsKafka = ownsKafka;
        Process = process;
        Kafka = kafka;
        BaseAddress = baseAddress;
        GatewayPort = gatewayPort;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public SiloProcess Process { get; }

    public EmbeddedKafkaCluster Kafka { get; }

    public KafkaOptions Topics { get; } = new();

    public Uri BaseAddress { get; }

    public int GatewayPort { get; }

    public HttpClient Http { get; }

    /// <summary>Starts the silo with <paramref name="arguments"/> added to the ports and Kafka address, and waits until it is ready.</summary>
    /// <remarks>Secrets (console tokens, the signing key) go in <paramref name="environment"/>: the silo refuses them as arguments.</remarks>
    /// <remarks><paramref name="sharedKafka"/>: a Kafka the caller made (with <see cref="CreateTopics"/>) and disposes, for several silos of one cluster.</remarks>
    public static async Task<ConsoleSilo> StartAsync(IEnumerable<string> arguments, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null, EmbeddedKafkaCluster? sharedKafka = null)
    {
        var kafka = sharedKafka ?? CreateTopics(new EmbeddedKafkaCluster(brokerCount: 1));
        var (http, gateway) = (FreeTcpPort.Next(), FreeTcpPort.Next());
        string[] all =
        [
            $"--Urls=http://127.0.0.1:{http}", $"--Cluster:SiloPort={FreeTcpPort.Next()}", $"--Cluster:GatewayPort={gateway}",
            $"--Kafka:BootstrapServers={kafka.BootstrapServers}", "--Dashboard:Enabled=false", .. arguments,
        ];
        var silo = new ConsoleSilo(SiloProcess.Start(all, environment), kafka, sharedKafka is null, new Uri($"http://127.0.0.1:{http}/"), gateway);
        try
        {
            await silo.WaitReadyAsync(cancellationToken);
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates the silo's topics (default names; 4 reading partitions) on <paramref name="kafka"/>.</summary>
    public static EmbeddedKafkaCluster CreateTopics(EmbeddedKafkaCluster kafka)
    {
        ArgumentNullException.ThrowIfNull(kafka);
        var topics = new KafkaOptions();
        kafka.CreateTopic(topics.ReadingsTopic, 4);
        kafka.CreateTopic(topics.DeadLetterTopic, 1);
        kafka.CreateTopic(topics.AlertsTopic, 1);
        kafka.CreateTopic(topics.AlertEventsTopic, 1);
        return kafka;
    }

    /// <summary>A request with an optional bearer token.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, CancellationToken cancellationToken, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        return await Http.SendAsync(request, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Process.DisposeAsync();
        if (_ownsKafka)
        {
            Kafka.Dispose();
        }
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Deadline)
        {
            Assert.False(Process.HasExited, $"The silo exited:{Environment.NewLine}{Process.Output}");
            try
            {
                using var response = await Http.GetAsync(new Uri("health/ready", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"The silo was not ready in {Deadline.TotalSeconds} s:{Environment.NewLine}{Process.Output}");
    }
}
