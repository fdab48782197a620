using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using StreamRnn.Client;
using StreamRnn.Contracts;
using StreamRnn.Kafka;
using StreamRnn.Silo.Tests.Infrastructure;

namespace StreamRnn.Silo.Tests;

/// <summary>
/// The alert lifecycle end to end with real processes: a silo executable in production mode (a real <c>redis-server</c>
/// for membership and grain state), an in-test Kafka, and the <c>streamrnn alerts</c> CLI. Sensors are limited to 100,
/// so a reading of 150 opens an out-of-range alert that stays open while the readings stay above.
/// </summary>
public sealed class AlertLifecycleProcessTests
{
    private const string Sensor = "lifecycle-process";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task AlertsCli_AckRestartResolveSuppress_StateSurvivesInRedisAndEachTransitionIsOnKafka()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await RedisServer.StartAsync(ct);
        using var kafka = new EmbeddedKafkaCluster(brokerCount: 1);
        var topics = new KafkaOptions();
        kafka.CreateTopic(topics.ReadingsTopic, 2);
        kafka.CreateTopic(topics.DeadLetterTopic, 1);
        kafka.CreateTopic(topics.AlertsTopic, 1);
        kafka.CreateTopic(topics.AlertEventsTopic, 1);
        string[] silo =
        [
            $"--Cluster:Redis:ConnectionString={redis.ConnectionString}", "--Cluster:Tls:Disabled=true", $"--Cluster:SiloPort={FreeTcpPort.Next()}",
            $"--Cluster:GatewayPort={FreeTcpPort.Next()}", $"--Urls=http://127.0.0.1:{FreeTcpPort.Next()}", $"--Kafka:BootstrapServers={kafka.BootstrapServers}",
            "--Demo:Enabled=false", "--Sensors:MaxValue=100",
        ];
        string[] cluster = ["--redis", redis.ConnectionString];

        // First run: the alert opens, and the CLI acknowledges it.
        AlertRecord opened;
        AlertRecord suppressed;
        await using (var first = SiloProcess.Start(silo))
        {
            Produce(kafka.BootstrapServers, topics.ReadingsTopic, [50, 60, 150, 160], ct);
            opened = await PollAsync(first, redis, async client => (await client.ListAlertsAsync(new AlertQuery(SensorId: Sensor), ct)).SingleOrDefault(), ct);
            Assert.Equal((AlertState.Open, AlertKind.OutOfRange), (opened.State, opened.Kind));

            var ack = await CliAsync(["alerts", "ack", opened.AlertId, "--by", "ana", "--reason", "checking the pump", .. cluster], ct);
            Assert.True(ack.ExitCode == 0, ack.Error);
            Assert.Contains("acknowledged", ack.Output, StringComparison.Ordinal);
            Assert.Equal(0, await first.StopAsync(ct));
        }

        // Second run, after the only silo stopped: the acknowledgement came back from Redis.
        await using (var second = SiloProcess.Start(silo))
        {
            await PollAsync(second, redis, async client => (await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count == 1 ? "up" : null, ct);
            var list = await CliAsync(["alerts", "list", "--state", "acknowledged", "--sensor", Sensor, .. cluster], ct);
            Assert.True(list.ExitCode == 0, list.Error);
            var line = Assert.Single(list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith(opened.AlertId + " acknowledged", line, StringComparison.Ordinal);
            Assert.Contains("ack=ana@", line, StringComparison.Ordinal);
            Assert.Contains("\"checking the pump\"", line, StringComparison.Ordinal);

            var resolve = await CliAsync(["alerts", "resolve", opened.AlertId, "--by", "bo", "--reason", "pump replaced", .. cluster], ct);
            var again = await CliAsync(["alerts", "resolve", opened.AlertId, "--by", "bo", "--reason", "twice", .. cluster], ct);
            Assert.True(resolve.ExitCode == 0, resolve.Error);
            Assert.Equal(2, again.ExitCode);
            Assert.Contains("already resolved by bo", again.Error, StringComparison.Ordinal);

            // Suppressed: the event ends (60), the next one (170) is recorded as suppressed and not published.
            var suppress = await CliAsync(["alerts", "suppress", "--sensor", Sensor, "--for", "30m", "--by", "cy", "--reason", "maintenance", .. cluster], ct);
            Assert.True(suppress.ExitCode == 0, suppress.Error);
            Produce(kafka.BootstrapServers, topics.ReadingsTopic, [60, 170], ct, first: 4);
            suppressed = await PollAsync(second, redis, async client => (await client.ListAlertsAsync(new AlertQuery(AlertState.Suppressed, Sensor), ct)).SingleOrDefault(), ct);
            var listed = await CliAsync(["alerts", "list", "--state", "suppressed", .. cluster], ct);
            var suppressions = await CliAsync(["alerts", "suppressions", .. cluster], ct);
            Assert.StartsWith(suppressed.AlertId + " suppressed", listed.Output, StringComparison.Ordinal);
            Assert.Contains("suppressed=cy@", listed.Output, StringComparison.Ordinal);
            Assert.Contains($"sensor={Sensor} kind=* until=", suppressions.Output, StringComparison.Ordinal);
            Assert.Equal(0, await second.StopAsync(ct));
        }

        var alerts = ReadAll(kafka.BootstrapServers, topics.AlertsTopic, ct).Select(value => SensorAlertJson.Deserialize(value)!).ToList();
        Assert.Contains(alerts, a => a.AlertId == opened.AlertId);
        Assert.Contains(alerts, a => a.Phase == AlertPhase.End && a.SourceOffset == 4);
        Assert.DoesNotContain(alerts, a => a.AlertId == suppressed.AlertId);
        var held = ReadEvents(kafka.BootstrapServers, topics.AlertEventsTopic, suppressed.AlertId, 1, ct);
        Assert.Equal((AlertTransitionKind.Suppressed, "cy", "maintenance"), (held[0].Transition, held[0].By, held[0].Reason));

        var events = ReadEvents(kafka.BootstrapServers, topics.AlertEventsTopic, opened.AlertId, 3, ct);
        Assert.Equal([AlertTransitionKind.Opened, AlertTransitionKind.Acknowledged, AlertTransitionKind.Resolved], events.Select(e => e.Transition));
        Assert.Equal(events.Select(e => AlertLifecycle.EventId(opened.AlertId, e.Transition)), events.Select(e => e.EventId));
        Assert.Equal(["sensor", "ana", "bo"], events.Select(e => e.By));
        Assert.All(events, e => Assert.Equal(Sensor, e.SensorId));
    }

    private static Task<(int ExitCode, string Output, string Error)> CliAsync(string[] arguments, CancellationToken cancellationToken) =>
        DotnetProcess.RunAsync(DotnetProcess.CliStartInfo(arguments), TimeSpan.FromMinutes(1), cancellationToken);

    private static void Produce(string servers, string topic, double[] values, CancellationToken cancellationToken, int first = 0)
    {
        using var producer = new ReplayProducer(new ProducerConfig { BootstrapServers = servers, EnableIdempotence = true, Acks = Acks.All }, topic);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < values.Length; i++)
        {
            producer.Produce(Sensor, start.AddMinutes(first + i), [values[i]]);
        }

        producer.Flush(cancellationToken);
        Assert.Equal(0, producer.Failed);
    }

    /// <summary>Every message value on a one-partition topic, up to its end.</summary>
    private static List<byte[]> ReadAll(string servers, string topic, CancellationToken cancellationToken)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig { BootstrapServers = servers, GroupId = "lifecycle-process-all", EnableAutoCommit = false }).Build();
        var partition = new TopicPartition(topic, 0);
        var end = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10)).High.Value;
        consumer.Assign(new TopicPartitionOffset(partition, Offset.Beginning));
        var values = new List<byte[]>();
        var clock = Stopwatch.StartNew();
        while (values.Count < end && clock.Elapsed < Deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: { } message })
            {
                values.Add(message.Value);
            }

            cancellationToken.ThrowIfCancellationRequested();
        }

        Assert.Equal(end, values.Count);
        return values;
    }

    /// <summary>The lifecycle events of one alert on the topic, in order, once <paramref name="count"/> have arrived.</summary>
    private static List<AlertLifecycleEvent> ReadEvents(string servers, string topic, string alertId, int count, CancellationToken cancellationToken)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = servers, GroupId = "lifecycle-process-test", AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        var found = new List<AlertLifecycleEvent>();
        var clock = Stopwatch.StartNew();
        while (found.Count < count && clock.Elapsed < Deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: { } message }
                && AlertLifecycleEventJson.Deserialize(message.Value) is { } lifecycleEvent && lifecycleEvent.AlertId == alertId)
            {
                found.Add(lifecycleEvent);
            }

            cancellationToken.ThrowIfCancellationRequested();
        }

        consumer.Close();
        Assert.True(found.Count == count, $"{found.Count} of {count} lifecycle events on {topic}");
        return found;
    }

    /// <summary>Connects a client through Redis and asks until the answer is not null or <see cref="Deadline"/> passes.</summary>
    private static async Task<T> PollAsync<T>(SiloProcess silo, RedisServer redis, Func<IClusterClient, Task<T?>> ask, CancellationToken cancellationToken)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        IHost? host = null;
        Exception? failure = null;
        try
        {
            while (clock.Elapsed < Deadline)
            {
                Assert.False(silo.HasExited, $"The silo exited:{Environment.NewLine}{silo.Output}");
                try
                {
                    host ??= await StreamRnnClusterClient.ConnectAsync(StreamRnnClusterConnection.Redis(redis.ConnectionString), cancellationToken);
                    if (await ask(host.Client()) is { } answer)
                    {
                        return answer;
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    failure = exception;
                }

                await Task.Delay(200, cancellationToken);
            }
        }
        finally
        {
            if (host is not null)
            {
                await host.StopAsync(CancellationToken.None);
                host.Dispose();
            }
        }

        throw new TimeoutException($"Waited {Deadline.TotalSeconds} s; silo output:{Environment.NewLine}{silo.Output}", failure);
    }
}
