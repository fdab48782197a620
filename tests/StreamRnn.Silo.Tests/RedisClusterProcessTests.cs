using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Runtime;
using StreamRnn.Client;
using StreamRnn.Contracts;
using StreamRnn.Kafka;
using StreamRnn.Models;
using StreamRnn.Models.Checkpoints;
using StreamRnn.Silo.Tests.Infrastructure;

namespace StreamRnn.Silo.Tests;

/// <summary>
/// Production mode (<c>Cluster:Redis:ConnectionString</c>) with real processes: a real <c>redis-server</c>, an
/// in-test Kafka shared by the silos (as <c>streamrnn kafka serve</c> shares one) and two silo executables.
/// </summary>
public sealed class RedisClusterProcessTests
{
    private const string Sensor = "restart-0";
    private const string BacklogSensor = "restart-1";
    private const int Readings = 60;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task TwoSilos_RedisMode_FormOneClusterAndKeepRegistryAndSensorStateAcrossAWholeClusterRestart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await RedisServer.StartAsync(ct);
        using var kafka = new EmbeddedKafkaCluster(brokerCount: 1);
        var topics = new KafkaOptions();
        kafka.CreateTopic(topics.ReadingsTopic, 4);
        kafka.CreateTopic(topics.DeadLetterTopic, 1);
        kafka.CreateTopic(topics.AlertsTopic, 1);
        kafka.CreateTopic(topics.AlertEventsTopic, 1);
        string[][] silos =
        [
            SiloArguments(redis.ConnectionString, kafka.BootstrapServers),
            SiloArguments(redis.ConnectionString, kafka.BootstrapServers),
        ];
        var connection = StreamRnnClusterConnection.Redis(redis.ConnectionString);

        // First run: one cluster of two silos; model versions, an override and readings.
        ImmutableArray<ModelVersionInfo> versionsBefore;
        SensorSnapshot snapshotBefore;
        SensorSettingsView settingsBefore;
        await using (var cluster = await RunningCluster.StartAsync(silos, connection, ct))
        {
            var registry = cluster.Client.GetGrain<IModelRegistryGrain>("default");
            var v2 = await registry.RegisterAsync(Checkpoint(seed: 2), "test v2", ct);
            await registry.PromoteAsync(v2.Version, "test", ct);
            var v3 = await registry.RegisterAsync(Checkpoint(seed: 3), "test v3", ct);
            await registry.PromoteAsync(v3.Version, "test", ct);
            await registry.RollbackAsync("test rollback", ct);
            var v4 = await registry.RegisterAsync(Checkpoint(seed: 4), "test v4", ct);
            await registry.RejectAsync(v4.Version, "test reject", ct);
            Assert.Equal([2, 3, 4], [v2.Version, v3.Version, v4.Version]);

            var sensor = cluster.Client.GetGrain<ISensorGrain>(Sensor);
            settingsBefore = await sensor.SetSettingsAsync(ImmutableSortedDictionary<string, string>.Empty.Add("AnomalyThreshold", "0.7"), ct);
            Produce(kafka.BootstrapServers, topics.ReadingsTopic, Sensor, Readings, ct);
            snapshotBefore = await PollAsync(() => sensor.GetSnapshotAsync(ct).AsTask(), s => s.ReadingsApplied == Readings, "the sensor to apply its readings", ct);
            versionsBefore = await registry.ListAsync(ct);
            await cluster.StopAsync(ct);
        }

        // While the cluster is down, readings pile up: the restarted silos meet them as a backlog at start.
        Produce(kafka.BootstrapServers, topics.ReadingsTopic, BacklogSensor, Readings, ct);

        // Second run: the same silos (addresses and ports) after every one of them stopped.
        await using (var cluster = await RunningCluster.StartAsync(silos, connection, ct))
        {
            var registry = cluster.Client.GetGrain<IModelRegistryGrain>("default");
            Assert.Equal(2, (await registry.GetActiveAsync(ct)).Version);
            var versionsAfter = await registry.ListAsync(ct);
            Assert.Equal(Describe(versionsBefore), Describe(versionsAfter));
            Assert.Equal("1:retired 2:active 3:rejected 4:rejected", string.Join(' ', versionsAfter.Select(v => $"{v.Version}:{v.Status.ToString().ToLowerInvariant()}")));

            var sensor = cluster.Client.GetGrain<ISensorGrain>(Sensor);
            var snapshotAfter = await sensor.GetSnapshotAsync(ct);
            Assert.Equal(snapshotBefore.ReadingsApplied, snapshotAfter.ReadingsApplied);
            Assert.Equal(snapshotBefore.AppliedOffsets.OrderBy(o => o.Key), snapshotAfter.AppliedOffsets.OrderBy(o => o.Key));
            Assert.Equal(snapshotBefore.HiddenState, snapshotAfter.HiddenState);
            Assert.Equal(snapshotBefore.LastValue, snapshotAfter.LastValue);
            Assert.Equal(snapshotBefore.ModelVersion, snapshotAfter.ModelVersion);
            Assert.Equal(settingsBefore.Sensor.Values, (await sensor.GetSettingsAsync(ct)).Sensor.Values);

            // The backlog is scored with the active version from its first reading, not with v1 until the silo catches up.
            var backlog = await PollAsync(() => cluster.Client.GetGrain<ISensorGrain>(BacklogSensor).GetSnapshotAsync(ct).AsTask(), s => s.ReadingsApplied == Readings, "the backlog to be applied", ct);
            Assert.Equal(2, backlog.ModelVersion);
            Assert.All(backlog.ModelSwitches, s => Assert.Equal(2, s.To));

            // Numbers are never reused: not the rolled-back v3's, not the rejected v4's.
            Assert.Equal(5, (await registry.RegisterAsync(Checkpoint(seed: 5), "test v5", ct)).Version);
            await cluster.StopAsync(ct);
        }
    }

    [Theory]
    [InlineData("--Cluster:Redis:ConnectionString=127.0.0.1:6379,abortConnect=maybe", "Cluster:Redis:ConnectionString")]
    [InlineData("--Cluster:SiloPort=70000", "Cluster:SiloPort")]
    [InlineData("--Cluster:GatewayPort=port", "Cluster:GatewayPort")]
    [InlineData("--Cluster:AdvertisedAddress=not-an-ip", "Cluster:AdvertisedAddress")]
    [InlineData("--Cluster:ClusterId= ", "Cluster:ClusterId")]
    public async Task Start_InvalidClusterSetting_ExitsWithCode2NamingIt(string argument, string named)
    {
        var (exitCode, _, error) = await DotnetProcess.RunAsync(
            DotnetProcess.StartInfo("StreamRnn.Silo.dll", ["--Cluster:Redis:ConnectionString=127.0.0.1:1", "--Cluster:Tls:Disabled=true", argument, "--run-for", "30s"]),
            TimeSpan.FromMinutes(1),
            TestContext.Current.CancellationToken);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(named, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UnreachableRedis_ExitsNonZeroSayingSo()
    {
        var (exitCode, _, error) = await DotnetProcess.RunAsync(
            DotnetProcess.StartInfo("StreamRnn.Silo.dll", [$"--Cluster:Redis:ConnectionString=127.0.0.1:{FreeTcpPort.Next()},connectTimeout=1000", "--Cluster:Tls:Disabled=true", "--run-for", "30s"]),
            TimeSpan.FromMinutes(1),
            TestContext.Current.CancellationToken);

        Assert.Equal(1, exitCode);
        Assert.Contains("Cannot reach Redis at 127.0.0.1:", error, StringComparison.Ordinal);
        Assert.Contains("Cluster:Redis:ConnectionString", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneSilo_RedisModeWithMutualTls_ClientAndCliWithCertificatesConnect()
    {
        const string password = "test-only";
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await RedisServer.StartAsync(ct);
        using var kafka = new EmbeddedKafkaCluster(brokerCount: 1);
        var topics = new KafkaOptions();
        kafka.CreateTopic(topics.ReadingsTopic, 2);
        kafka.CreateTopic(topics.DeadLetterTopic, 1);
        kafka.CreateTopic(topics.AlertsTopic, 1);
        kafka.CreateTopic(topics.AlertEventsTopic, 1);
        using var authority = new TestCertificates("process");
        var passwordFile = Path.Combine(authority.Folder, "password");
        File.WriteAllText(passwordFile, password + "\n");
        var operatorCertificate = authority.Issue("operator", password);
        string[] silo =
        [
            .. SiloArguments(redis.ConnectionString, kafka.BootstrapServers).Where(argument => argument != "--Cluster:Tls:Disabled=true"),
            $"--Cluster:Tls:CertificatePath={authority.Issue("silo", password)}", $"--Cluster:Tls:CaPath={authority.AuthorityPath}",
            $"--Cluster:Tls:CertificatePasswordFile={passwordFile}",
        ];
        using var certificates = ClusterCertificates.Load(operatorCertificate, null, password, authority.AuthorityPath);

        // The silo executable in production mode with Cluster:Tls; a client that found its gateway in Redis over TLS.
        await using var cluster = await RunningCluster.StartAsync([silo], StreamRnnClusterConnection.Redis(redis.ConnectionString) with { Tls = certificates }, ct);
        var (exitCode, output, error) = await DotnetProcess.RunAsync(
            DotnetProcess.CliStartInfo(["model", "list", "--redis", redis.ConnectionString, "--tls-cert", operatorCertificate, "--tls-ca", authority.AuthorityPath, "--tls-password-file", passwordFile]),
            TimeSpan.FromMinutes(1),
            ct);

        Assert.True(exitCode == 0, $"streamrnn model list exited {exitCode}: {output}{error}");
        Assert.Contains("v1", output, StringComparison.Ordinal);
        await cluster.StopAsync(ct);
    }

    [Fact]
    public async Task Start_ProductionModeWithoutTls_ExitsWithCode2NamingCertificatePath()
    {
        var (exitCode, _, error) = await DotnetProcess.RunAsync(
            DotnetProcess.StartInfo("StreamRnn.Silo.dll", ["--Cluster:Redis:ConnectionString=127.0.0.1:1", "--run-for", "30s"]),
            TimeSpan.FromMinutes(1),
            TestContext.Current.CancellationToken);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Cluster:Tls:CertificatePath is required in production mode", line, StringComparison.Ordinal);
        Assert.Contains("Cluster:Tls:Disabled=true", line, StringComparison.Ordinal);
    }

    // These processes run without TLS (explicitly disabled); ClusterTlsTests covers mutual TLS.
    private static string[] SiloArguments(string redis, string kafka) =>
    [
        $"--Cluster:Redis:ConnectionString={redis}", "--Cluster:Tls:Disabled=true", $"--Cluster:SiloPort={FreeTcpPort.Next()}", $"--Cluster:GatewayPort={FreeTcpPort.Next()}",
        $"--Urls=http://127.0.0.1:{FreeTcpPort.Next()}", $"--Kafka:BootstrapServers={kafka}", "--Demo:Enabled=false",
    ];

    /// <summary>A checkpoint of the default model shape, seeded differently for each version.</summary>
    private static byte[] Checkpoint(int seed)
    {
        using var model = new RecurrentForecaster(ModelShape.FromOptions(new ModelOptions()), seed);
        return CheckpointFile.Serialize(ModelCheckpoints.Capture(model, [], new Dictionary<string, string>()));
    }

    private static void Produce(string servers, string topic, string sensor, int count, CancellationToken cancellationToken)
    {
        using var producer = new ReplayProducer(new ProducerConfig { BootstrapServers = servers, EnableIdempotence = true, Acks = Acks.All }, topic);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            producer.Produce(sensor, start.AddMinutes(i), [10 + Math.Sin(i / 5.0)]);
        }

        producer.Flush(cancellationToken);
        Assert.Equal(0, producer.Failed);
    }

    private static string Describe(IEnumerable<ModelVersionInfo> versions) =>
        string.Join(Environment.NewLine, versions.Select(v => string.Create(CultureInfo.InvariantCulture, $"v{v.Version} {v.Status} {v.Sha256} parent={v.ParentVersion} why={v.StatusReason}")));

    /// <summary>Asks until <paramref name="done"/> holds or <see cref="Deadline"/> passes; a call that throws counts as not yet.</summary>
    private static async Task<T> PollAsync<T>(Func<Task<T>> ask, Func<T, bool> done, string what, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        T? last = default;
        Exception? failure = null;
        while (clock.Elapsed < Deadline)
        {
            try
            {
                last = await ask();
                if (done(last))
                {
                    return last;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failure = exception;
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"Waited {Deadline.TotalSeconds} s for {what}; last answer: {last}", failure);
    }

    /// <summary>Silo processes in Redis mode and a client that found them through Redis.</summary>
    private sealed class RunningCluster : IAsyncDisposable
    {
        private readonly List<SiloProcess> _silos;
        private IHost? _client;

        private RunningCluster(List<SiloProcess> silos) => _silos = silos;

        public IClusterClient Client => _client!.Client();

        public static async Task<RunningCluster> StartAsync(string[][] silos, StreamRnnClusterConnection connection, CancellationToken cancellationToken)
        {
            var cluster = new RunningCluster([.. silos.Select(SiloProcess.Start)]);
            try
            {
                // One cluster: a client that found the gateways in Redis sees every silo active.
                await PollAsync(
                    async () =>
                    {
                        if (cluster._silos.FirstOrDefault(s => s.HasExited) is { } exited)
                        {
                            throw new InvalidOperationException($"A silo exited at start:{Environment.NewLine}{exited.Output}");
                        }

                        cluster._client ??= await StreamRnnClusterClient.ConnectAsync(connection, cancellationToken);
                        return await cluster.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
                    },
                    hosts => hosts.Count == silos.Length,
                    $"{silos.Length} active silos in one cluster",
                    cancellationToken);
                return cluster;
            }
            catch
            {
                await cluster.DisposeAsync();
                throw;
            }
        }

        /// <summary>Disconnects the client and stops every silo gracefully, all at once; each must exit 0.</summary>
        public async Task StopAsync(CancellationToken cancellationToken)
        {
            await DisconnectAsync();
            var exits = await Task.WhenAll(_silos.Select(s => s.StopAsync(cancellationToken)));
            for (var i = 0; i < exits.Length; i++)
            {
                Assert.True(exits[i] == 0, $"silo {i} exited with {exits[i]}:{Environment.NewLine}{_silos[i].Output}");
            }
        }

        public async ValueTask DisposeAsync()
        {
            await DisconnectAsync();
            foreach (var silo in _silos)
            {
                await silo.DisposeAsync();
            }
        }

        private async Task DisconnectAsync()
        {
            if (_client is { } client)
            {
                _client = null;
                await client.StopAsync(CancellationToken.None);
                client.Dispose();
            }
        }
    }
}
