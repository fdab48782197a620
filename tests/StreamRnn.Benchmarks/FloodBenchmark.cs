using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using StreamRnn.Benchmarks;
using StreamRnn.Client;
using StreamRnn.Contracts;
using StreamRnn.Hosting;
using StreamRnn.Kafka;

/// <summary>
/// A flood of distinct sensor ids beside steady sensors. This process holds the embedded Kafka and a private Redis
/// (sensor state) and produces; the silo runs in a child process (this program with <c>--flood-silo</c>), whose
/// resident memory is sampled from <c>/proc/PID/status</c> every 500 ms. The child reports its readings applied and
/// sensor activations; once all are applied it checks the steady sensors' counts, waits for idle activations to be
/// collected, and exits. The producer keeps at most <see cref="MaxBacklog"/> readings ahead of the silo: librdkafka's
/// mock cluster keeps only about 5 MB of each partition, and readings it drops before the silo reads them never arrive
/// (the first 1,000,000 run stopped at 505,982 applied that way).
/// </summary>
internal static class FloodBenchmark
{
    private const string Topic = "flood-readings";
    private const int Steady = 100;
    private const int SteadyReadings = 200;

    /// <summary>Readings produced but not yet applied, at most (about 1 MB of each of 8 partitions).</summary>
    private const long MaxBacklog = 100_000;

    public static async Task RunAsync(int flood, int partitions, string[] overrides)
    {
        using var kafka = new EmbeddedKafkaCluster(3);
        kafka.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        kafka.CreateTopic(Topic, partitions);
        kafka.CreateTopic("flood-dlq", 1);
        kafka.CreateTopic("flood-alerts", 1);
        kafka.CreateTopic("flood-alert-events", 1);
        using var redis = await RedisServerProcess.StartAsync();
        var total = (long)flood + Steady * SteadyReadings;
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        Console.WriteLine($"flood: {flood:N0} distinct ids (one reading each) and {Steady} steady sensors ({SteadyReadings} readings each, spread through the flood), {partitions} partitions; state in a private Redis");
        if (overrides.Length > 0)
        {
            Console.WriteLine($"settings: {string.Join(' ', overrides)}");
        }

        string[] siloArguments =
        [
            "--flood-silo",
            $"--expect={total}",
            $"--Kafka:BootstrapServers={kafka.BootstrapServers}",
            $"--Cluster:Redis:ConnectionString={redis.ConnectionString}",
            .. overrides,
        ];
        var start = Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal)
            ? new ProcessStartInfo("dotnet", [Assembly.GetExecutingAssembly().Location, .. siloArguments])
            : new ProcessStartInfo(Environment.ProcessPath, siloArguments);
        start.RedirectStandardOutput = true;
        start.UseShellExecute = false;
        using var silo = Process.Start(start) ?? throw new InvalidOperationException("the silo did not start");
        var lastReport = "";
        var steadyLine = "";
        var applied = 0L;
        silo.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            if (e.Data.StartsWith("steady", StringComparison.Ordinal))
            {
                steadyLine = e.Data;
            }
            else if (e.Data.StartsWith("applied ", StringComparison.Ordinal))
            {
                var count = e.Data["applied ".Length..e.Data.IndexOf('/', StringComparison.Ordinal)];
                Interlocked.Exchange(ref applied, long.Parse(count, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
            }

            lastReport = e.Data;
        };
        silo.BeginOutputReadLine();

        var clock = Stopwatch.StartNew();
        var produce = Task.Run(() => Produce(kafka.BootstrapServers, flood, () => Interlocked.Read(ref applied), () => silo.HasExited));
        long peak = 0;
        var samples = new List<(TimeSpan At, long Rss, string Report)>();
        while (!silo.HasExited)
        {
            var rss = ProcessMemory.ResidentBytes(silo.Id) ?? 0;
            peak = Math.Max(peak, rss);
            samples.Add((clock.Elapsed, rss, lastReport));
            if (samples.Count % 20 == 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {clock.Elapsed.TotalSeconds,6:F0} s  rss {rss / 1048576.0,7:F0} MiB  {lastReport}"));
            }

            await Task.Delay(500);
        }

        await produce;
        if (silo.ExitCode != 0)
        {
            throw new InvalidOperationException($"the flood silo failed (exit code {silo.ExitCode}) after {Interlocked.Read(ref applied):N0} readings applied; its output is above");
        }

        var (redisBytes, redisKeys) = await redis.MeasureAsync();
        var tail = samples.Where(s => s.At >= clock.Elapsed - TimeSpan.FromSeconds(10)).Select(s => s.Rss).DefaultIfEmpty(0).Average();
        Console.WriteLine($"silo exit code {silo.ExitCode}; {steadyLine}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"silo resident memory: peak {peak / 1048576.0:F0} MiB, last 10 s after collection {tail / 1048576.0:F0} MiB; {total:N0} readings in {clock.Elapsed.TotalSeconds:F0} s ({total / clock.Elapsed.TotalSeconds:N0}/s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"redis: {redisBytes / 1048576.0:F0} MiB, {redisKeys:N0} keys ({redisBytes / (double)(flood + Steady):N0} bytes per sensor)"));
    }

    private static void Produce(string servers, int flood, Func<long> applied, Func<bool> siloExited)
    {
        var config = new ProducerConfig { BootstrapServers = servers, EnableIdempotence = true, Acks = Acks.All, LingerMs = 20, BatchSize = 1_000_000 };
        using var producer = new ReplayProducer(config, Topic);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var every = Math.Max(1, flood / SteadyReadings);
        var step = 0;
        var produced = 0L;
        for (var i = 0; i < flood || step < SteadyReadings; i++)
        {
            while (produced - applied() > MaxBacklog && !siloExited())
            {
                Thread.Sleep(100);
            }

            produced += (i < flood ? 1 : 0) + (i % every == 0 && step < SteadyReadings ? Steady : 0);
            if (i < flood)
            {
                producer.Produce(string.Create(CultureInfo.InvariantCulture, $"flood-{i:D8}"), start.AddSeconds(i), [i % 17]);
            }

            if (i % every == 0 && step < SteadyReadings)
            {
                for (var s = 0; s < Steady; s++)
                {
                    producer.Produce(string.Create(CultureInfo.InvariantCulture, $"steady-{s:D3}"), start.AddMinutes(step), [10 + Math.Sin(step / 5.0 + s)]);
                }

                step++;
            }
        }

        producer.Flush(CancellationToken.None);
        if (producer.Failed > 0)
        {
            throw new InvalidOperationException($"{producer.Failed} readings were not produced.");
        }
    }

    /// <summary>The child: one silo consuming the flood; prints progress every second, then the steady sensors' check.</summary>
    public static async Task SiloAsync(string[] args)
    {
        var expect = long.Parse(args.Single(a => a.StartsWith("--expect=", StringComparison.Ordinal))["--expect=".Length..], CultureInfo.InvariantCulture);
        var settings = args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains(':', StringComparison.Ordinal)).ToArray();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:ReadingsTopic"] = Topic,
            ["Kafka:DeadLetterTopic"] = "flood-dlq",
            ["Kafka:AlertsTopic"] = "flood-alerts",
            ["Kafka:AlertEventsTopic"] = "flood-alert-events",
            ["Kafka:ConsumerGroup"] = "flood",
            // One silo on localhost: no peers to authenticate.
            ["Cluster:Tls:Disabled"] = "true",
            ["Kafka:Consumer:session.timeout.ms"] = "6000",
            ["Inference:MaxBatchSize"] = "512",
            ["Sensors:MinimumDropoutSilence"] = "01:00:00",
            ["SensorActivation:IdleTimeout"] = "00:00:30",
            ["SensorActivation:CollectionQuantum"] = "00:00:05",
        });
        builder.Configuration.AddCommandLine(settings);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: 11411, gatewayPort: 30411);
            silo.AddStreamRnn();
        });
        using var host = builder.Build();
        var counters = host.Services.GetRequiredService<PipelineCounters>();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        await host.StartAsync();
        var peakActivations = 0;
        async Task<int> ReportAsync()
        {
            var activations = await ProcessMemory.SensorActivationsAsync(grains);
            peakActivations = Math.Max(peakActivations, activations);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"applied {counters.Readings:N0}/{expect:N0}, sensor activations {activations:N0} (peak {peakActivations:N0})"));
            return activations;
        }

        while (counters.Readings < expect)
        {
            await ReportAsync();
            await Task.Delay(1000);
        }

        var exact = 0;
        for (var s = 0; s < Steady; s++)
        {
            var snapshot = await grains.GetGrain<ISensorGrain>(string.Create(CultureInfo.InvariantCulture, $"steady-{s:D3}")).GetSnapshotAsync();
            exact += snapshot.ReadingsApplied == SteadyReadings ? 1 : 0;
        }

        Console.WriteLine($"steady sensors with exactly {SteadyReadings} readings applied: {exact}/{Steady}; readings applied in all {counters.Readings:N0} of {expect:N0}; peak sensor activations {peakActivations:N0}");

        // Idle strangers are collected: wait until few activations are left (or 3 min), then 10 s more for the sample.
        var deadline = Stopwatch.StartNew();
        while (await ReportAsync() > 2 * Steady && deadline.Elapsed < TimeSpan.FromMinutes(3))
        {
            await Task.Delay(1000);
        }

        GC.Collect();
        for (var i = 0; i < 10; i++)
        {
            await ReportAsync();
            await Task.Delay(1000);
        }

        await host.StopAsync();
    }
}
