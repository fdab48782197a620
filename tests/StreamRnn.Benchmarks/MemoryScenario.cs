using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using StreamRnn.Bench;
using StackExchange.Redis;
using StreamRnn.Contracts;
using StreamRnn.Hosting;
using StreamRnn.Kafka;

namespace StreamRnn.Benchmarks;

/// <summary>
/// Memory per active sensor. This process holds the embedded Kafka (nothing is produced: readings go straight to the
/// sensor grains) and a private Redis (sensor state, as in production); the silo runs in a child process (this
/// program with <c>--memory-silo</c>) so that this process's own memory does not count. The child starts, warms up
/// on a few sensors, collects fully and reads its resident set (<c>/proc/self/status</c> VmRSS): the idle silo. It then
/// makes <c>sensors</c> sensors active, each applying <c>readings</c> readings in two calls (so its dropout watch
/// starts, as a live sensor's does) and checkpointing its state to Redis as ingest does, collects fully again and
/// reads its resident set: the loaded silo. Grain state bytes per sensor are the stored values' sizes in Redis.
/// </summary>
public static class MemoryScenario
{
    /// <summary>The sensors of the issue's goal.</summary>
    public const int DefaultSensors = 100_000;

    /// <summary>Readings per sensor: enough to fill every per-sensor window (recent inputs, training-window guard).</summary>
    public const int DefaultReadings = 96;

    private const string ChildSwitch = "--memory-silo";
    private const int WarmSensors = 100;
    private const int Concurrency = 1_000;
    private const int StateSample = 2_000;

    /// <summary>
    /// Runs the scenario and prints its figures, ending with the line
    /// <c>memory: N sensors, X bytes/sensor resident above idle, Y bytes/sensor grain state, idle A MiB, loaded B MiB</c>.
    /// </summary>
    /// <param name="sensors">Active sensors to measure.</param>
    /// <param name="readings">Readings each sensor applies.</param>
    /// <param name="settings">Silo settings (<c>--Section:Key=value</c>) on top of the scenario's.</param>
    /// <param name="cancellationToken">Stops the child.</param>
    public static async Task<MemoryFigures> RunAsync(int sensors = DefaultSensors, int readings = DefaultReadings, IReadOnlyList<string>? settings = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sensors, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(readings, 2);
        using var kafka = new EmbeddedKafkaCluster(1);
        kafka.CreateTopic("memory-readings", 1);
        kafka.CreateTopic("memory-dlq", 1);
        kafka.CreateTopic("memory-alerts", 1);
        kafka.CreateTopic("memory-alert-events", 1);
        using var redis = await RedisServerProcess.StartAsync();
        Console.WriteLine($"memory scenario: {sensors:N0} sensors x {readings} readings, silo in a child process, state in a private Redis");
        string[] childArguments =
        [
            ChildSwitch,
            $"--sensors={sensors}",
            $"--readings={readings}",
            $"--Kafka:BootstrapServers={kafka.BootstrapServers}",
            $"--Cluster:Redis:ConnectionString={redis.ConnectionString}",
            .. settings ?? [],
            .. Environment.GetCommandLineArgs().Where(a => a.StartsWith("--hold-seconds=", StringComparison.Ordinal)),
        ];
        var start = Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal)
            ? new ProcessStartInfo("dotnet", [Assembly.GetExecutingAssembly().Location, .. childArguments])
            : new ProcessStartInfo(Environment.ProcessPath, childArguments);
        start.RedirectStandardOutput = true;
        start.UseShellExecute = false;
        using var child = Process.Start(start) ?? throw new InvalidOperationException("the memory silo did not start");
        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        child.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            if (e.Data.StartsWith("figure ", StringComparison.Ordinal))
            {
                var parts = e.Data.Split(' ');
                lock (figures)
                {
                    figures[parts[1]] = double.Parse(parts[2], CultureInfo.InvariantCulture);
                }
            }
            else
            {
                Console.WriteLine($"  {e.Data}");
            }
        };
        child.BeginOutputReadLine();
        try
        {
            await child.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            throw;
        }

        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"the memory silo failed (exit code {child.ExitCode}); its output is above");
        }

        var stateBytes = await StateBytesPerSensorAsync(redis);
        double Figure(string name)
        {
            lock (figures)
            {
                return figures.TryGetValue(name, out var value) ? value : throw new InvalidOperationException($"the memory silo reported no {name}");
            }
        }

        var result = new MemoryFigures(
            sensors,
            (Figure("loaded-rss") - Figure("idle-rss")) / sensors,
            stateBytes,
            Figure("idle-rss") / 1048576.0,
            Figure("loaded-rss") / 1048576.0,
            (Figure("loaded-heap") - Figure("idle-heap")) / sensors);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"managed heap above idle: {result.ManagedBytesPerSensor:N0} bytes/sensor (GC heap after a full compacting collection)"));
        Console.WriteLine(result.ToString());
        return result;
    }

    /// <summary>The mean stored size of a sample of sensor states (the value Orleans' Redis storage keeps beside its etag).</summary>
    private static async Task<double> StateBytesPerSensorAsync(RedisServerProcess redis)
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        var server = connection.GetServer(redis.ConnectionString);
        var database = connection.GetDatabase();
        long bytes = 0;
        var keys = 0;
        await foreach (var key in server.KeysAsync(pattern: "*sensor-*", pageSize: 1000))
        {
            foreach (var entry in await database.HashGetAllAsync(key))
            {
                if (entry.Name == "data")
                {
                    bytes += ((byte[])entry.Value!).Length;
                }
            }

            if (++keys >= StateSample)
            {
                break;
            }
        }

        return keys == 0 ? 0 : bytes / (double)keys;
    }

    /// <summary>Whether <paramref name="args"/> start the child.</summary>
    public static bool IsChild(string[] args) => args.Contains(ChildSwitch);

    /// <summary>The child: one silo, idle then loaded, printing <c>figure NAME VALUE</c> lines for the parent.</summary>
    public static async Task ChildAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var sensors = int.Parse(Value(args, "--sensors="), CultureInfo.InvariantCulture);
        var readings = int.Parse(Value(args, "--readings="), CultureInfo.InvariantCulture);
        var settings = args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains(':', StringComparison.Ordinal)).ToArray();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:ReadingsTopic"] = "memory-readings",
            ["Kafka:DeadLetterTopic"] = "memory-dlq",
            ["Kafka:AlertsTopic"] = "memory-alerts",
            ["Kafka:AlertEventsTopic"] = "memory-alert-events",
            ["Kafka:ConsumerGroup"] = "memory",
            ["Cluster:Tls:Disabled"] = "true",
            ["Kafka:Consumer:session.timeout.ms"] = "6000",
            ["Inference:MaxBatchSize"] = "512",

            // Every sensor stays active and keeps its dropout watch for the whole run, as a live one does.
            ["Sensors:MinimumDropoutSilence"] = "01:00:00",
            ["SensorActivation:MaxActivePerSilo"] = Math.Max(100, 2 * (sensors + WarmSensors)).ToString(CultureInfo.InvariantCulture),
            ["SensorActivation:IdleTimeout"] = "01:00:00",
            ["SensorActivation:ShedOnMemoryPressure"] = "false",
        });
        builder.Configuration.AddCommandLine(settings);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: 11511, gatewayPort: 30511);
            silo.AddStreamRnn();
        });
        using var host = builder.Build();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        await host.StartAsync();

        var clock = Stopwatch.StartNew();
        await ActivateAsync(grains, "warm", WarmSensors, readings);
        var (idleRss, idleHeap) = await SettleAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"idle silo ({WarmSensors} warm-up sensors): rss {idleRss / 1048576.0:F0} MiB, managed heap {idleHeap / 1048576.0:F0} MiB"));
        Console.WriteLine($"figure idle-rss {idleRss.ToString(CultureInfo.InvariantCulture)}");
        Console.WriteLine($"figure idle-heap {idleHeap.ToString(CultureInfo.InvariantCulture)}");

        clock.Restart();
        await ActivateAsync(grains, "sensor", sensors, readings);
        var activated = clock.Elapsed;
        var activations = await ProcessMemory.SensorActivationsAsync(grains);
        var (loadedRss, loadedHeap) = await SettleAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"loaded silo: {activations:N0} sensor activations after {activated.TotalSeconds:F0} s ({(long)sensors * readings / activated.TotalSeconds:N0} readings/s): rss {loadedRss / 1048576.0:F0} MiB, managed heap {loadedHeap / 1048576.0:F0} MiB"));
        Console.WriteLine($"figure loaded-rss {loadedRss.ToString(CultureInfo.InvariantCulture)}");
        Console.WriteLine($"figure loaded-heap {loadedHeap.ToString(CultureInfo.InvariantCulture)}");
        if (args.FirstOrDefault(a => a.StartsWith("--hold-seconds=", StringComparison.Ordinal)) is { } hold)
        {
            // For a heap snapshot of the loaded silo: dotnet-gcdump collect -p PID.
            Console.WriteLine($"holding the loaded silo, pid {Environment.ProcessId}, for {hold["--hold-seconds=".Length..]} s");
            await Task.Delay(TimeSpan.FromSeconds(int.Parse(hold["--hold-seconds=".Length..], CultureInfo.InvariantCulture)));
        }

        if (activations < sensors)
        {
            throw new InvalidOperationException($"only {activations} of {sensors} sensors were active when measured");
        }

        await host.StopAsync(TimeSpan.FromSeconds(5));
    }

    /// <summary>Makes <paramref name="count"/> sensors active: each applies its readings in two calls, then checkpoints.</summary>
    private static async Task ActivateAsync(IGrainFactory grains, string prefix, int count, int readings)
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var first = readings / 2;
        var done = 0;
        var progress = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (sensor, token) =>
        {
            var grain = grains.GetGrain<ISensorGrain>(string.Create(CultureInfo.InvariantCulture, $"{prefix}-{sensor:D7}"));
            var partition = sensor % 32;
            SensorReading Reading(int step) =>
                new(partition, step, start.AddMinutes(step), [10 + Math.Sin((step / 10.0) + sensor) + (0.1 * Math.Cos(step * 1.3))]);
            await grain.ApplyAsync(new SensorReadingBatch([.. Enumerable.Range(0, first).Select(Reading)]), token);
            await grain.ApplyAsync(new SensorReadingBatch([.. Enumerable.Range(first, readings - first).Select(Reading)]), token);
            await grain.CheckpointAsync(ImmutableDictionary<int, long>.Empty, token);
            if (Interlocked.Increment(ref done) % 10_000 == 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{done:N0}/{count:N0} sensors active after {progress.Elapsed.TotalSeconds:F0} s"));
            }
        });
    }

    /// <summary>Full compacting collections until the resident set stops falling; returns it and the managed heap.</summary>
    private static async Task<(long Rss, long Heap)> SettleAsync()
    {
        long rss = long.MaxValue;
        for (var round = 0; round < 10; round++)
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            await Task.Delay(1000);
            var now = ResidentBytes();
            if (now >= rss * 0.995)
            {
                rss = Math.Min(rss, now);
                break;
            }

            rss = now;
        }

        return (rss, GC.GetTotalMemory(forceFullCollection: true));
    }

    private static long ResidentBytes() => ProcessMemory.ResidentBytes(Environment.ProcessId) ?? Environment.WorkingSet;

    private static string Value(string[] args, string prefix) => args.Single(a => a.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..];
}
