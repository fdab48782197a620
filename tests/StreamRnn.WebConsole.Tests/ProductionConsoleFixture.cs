using Confluent.Kafka;
using StreamRnn.Client;
using StreamRnn.Silo.Tests.Infrastructure;

namespace StreamRnn.WebConsole.Tests;

/// <summary>
/// One silo in production mode (a real <c>redis-server</c> for membership and grain state) whose console accepts a viewer
/// token, an operator token and JWTs signed with a test key (the OpenID Connect hook without discovery). Sensors are
/// limited to 100, and three sensors read 150: each has one open out-of-range alert to act on.
/// </summary>
public sealed class ProductionConsoleFixture : IAsyncLifetime
{
    public const string ViewerToken = "viewer-token-0123456789abcdef";
    public const string OperatorToken = "operator-token-0123456789abcdef";
    public const string Issuer = "https://issuer.test/streamrnn";
    public const string Audience = "streamrnn-console";
    public const string OperatorClaim = "streamrnn-operator";
    public const string ViewerClaim = "streamrnn-viewer";
    public static readonly byte[] SigningKey = [.. Enumerable.Range(1, 32).Select(i => (byte)(i * 7))];
    public static readonly string[] Sensors = ["console-auth-viewer", "console-auth-operator", "console-auth-jwt"];

    private RedisServer? _redis;
    private ConsoleSilo? _silo;

    internal ConsoleSilo Silo => _silo ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _redis = await RedisServer.StartAsync(ct);
        var secrets = new Dictionary<string, string>
        {
            ["Console__Tokens__0__Token"] = ViewerToken,
            ["Console__Tokens__1__Token"] = OperatorToken,
            ["Console__Oidc__SigningKey"] = Convert.ToBase64String(SigningKey),
        };
        _silo = await ConsoleSilo.StartAsync(
        [
            $"--Cluster:Redis:ConnectionString={_redis.ConnectionString}", "--Cluster:Tls:Disabled=true", "--Demo:Enabled=false", "--Sensors:MaxValue=100",
            "--Console:Tokens:0:Name=vera", "--Console:Tokens:0:Role=viewer", "--Console:Tokens:1:Name=olga", "--Console:Tokens:1:Role=operator",
            $"--Console:Oidc:Issuer={Issuer}", $"--Console:Oidc:Audience={Audience}",
            $"--Console:Oidc:OperatorValue={OperatorClaim}", $"--Console:Oidc:ViewerValue={ViewerClaim}",
        ], ct, secrets);
        using var producer = new ReplayProducer(new ProducerConfig { BootstrapServers = _silo.Kafka.BootstrapServers, EnableIdempotence = true, Acks = Acks.All }, _silo.Topics.ReadingsTopic);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var sensor in Sensors)
        {
            double[] values = [50, 60, 150, 160];
            for (var i = 0; i < values.Length; i++)
            {
                producer.Produce(sensor, start.AddMinutes(i), [values[i]]);
            }
        }

        producer.Flush(ct);
        Assert.Equal(0, producer.Failed);
    }

    public async ValueTask DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
