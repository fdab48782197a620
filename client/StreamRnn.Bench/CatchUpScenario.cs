using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using StreamRnn.Client;

namespace StreamRnn.Bench;

/// <summary>
/// Catch-up from a Kafka backlog, measured side by side in one run: a bare Confluent consumer reading the backlog
/// without processing, the full pipeline (ingest, sensor grains, batched inference, scoring) with batching, and the same
/// with batching off (<c>Inference:MaxBatchSize=1</c>). With <see cref="CatchUpOptions.RedisConnectionString"/> the
/// sensors checkpoint their state to that Redis (flushed before each drain), as a production silo does.
/// </summary>
public static class CatchUpScenario
{
    /// <summary>Produces <paramref name="readings"/> readings over <paramref name="sensors"/> sensors into <paramref name="topic"/>; returns readings/s.</summary>
    public static double ProduceBacklog(string bootstrapServers, string topic, int readings, int sensors)
    {
        var clock = Stopwatch.StartNew();
        using var producer = new ReplayProducer(new ProducerConfig { BootstrapServers = bootstrapServers, EnableIdempotence = true, Acks = Acks.All, LingerMs = 20, BatchSize = 1_000_000 }, topic);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < readings; i++)
        {
            var sensor = i % sensors;
            var step = i / sensors;
            producer.Produce(SensorId(sensor), start.AddMinutes(step), [10 + Math.Sin(step / 10.0 + sensor) + 0.1 * Math.Cos(step * 1.3)]);
        }

        producer.Flush(CancellationToken.None);
        if (producer.Failed > 0)
        {
            throw new InvalidOperationException($"{producer.Failed} readings were not produced.");
        }

        return readings / clock.Elapsed.TotalSeconds;
    }

    /// <summary>The id of the <paramref name="index"/>th benchmark sensor.</summary>
    public static string SensorId(int index) => string.Create(CultureInfo.InvariantCulture, $"sensor-{index:D5}");

    /// <summary>Runs the three drains over a backlog already in <see cref="CatchUpOptions.Topics"/>; detail lines go to <paramref name="log"/>.</summary>
    public static async Task<CatchUpResult> RunAsync(CatchUpOptions options, TextWriter log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var batched = await DrainAsync(options, 512, "bench-batched", 0, log, cancellationToken);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pipeline, batching on (MaxBatchSize=512): {batched:N0} readings/s"));
        if (options.OnlyBatched)
        {
            return new CatchUpResult(batched, null, null, options.RedisConnectionString is not null);
        }

        var bare = BareConsumerRate(options.BootstrapServers, options.Topics.Readings, options.Readings, cancellationToken);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bare consumer: {bare:N0} readings/s"));
        var unbatched = await DrainAsync(options, 1, "bench-unbatched", 1, log, cancellationToken);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pipeline, batching off (MaxBatchSize=1): {unbatched:N0} readings/s"));
        return new CatchUpResult(batched, bare, unbatched, options.RedisConnectionString is not null);
    }

    /// <summary>
    /// One drain: a new silo (consumer group <paramref name="group"/>) reads the whole backlog; returns readings/s from
    /// its first applied reading to its last. With <paramref name="log"/>, also writes what the process allocated per
    /// reading over the same stretch and its garbage collections (the silo runs in this process): figures that hold on a
    /// noisy machine, where rates do not.
    /// </summary>
    public static async Task<double> DrainAsync(CatchUpOptions options, int maxBatchSize, string group, int port, TextWriter? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        string[] settings = options.RedisConnectionString is null
            ? [.. options.Overrides]
            : [$"--Cluster:Redis:ConnectionString={options.RedisConnectionString}", "--Cluster:Tls:Disabled=true", .. options.Overrides];
        if (options.BeforeDrain is not null)
        {
            await options.BeforeDrain();
        }

        using var shape = new DrainShape();
        using var host = BenchSilo.Build(options.BootstrapServers, options.Topics, group, port, maxBatchSize, settings);
        var applied = BenchSilo.ReadingsApplied(host);
        await host.StartAsync(cancellationToken);
        while (applied() == 0)
        {
            await Task.Delay(10, cancellationToken);
        }

        var first = applied();
        var gc = GarbageCollections.Now();
        var clock = Stopwatch.StartNew();
        var report = TimeSpan.FromSeconds(5);
        while (applied() < options.Readings)
        {
            await Task.Delay(20, cancellationToken);
            if (options.Progress is not null && clock.Elapsed >= report)
            {
                report += TimeSpan.FromSeconds(5);
                options.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"catch-up: {group} {applied():N0} of {options.Readings:N0} readings applied"));
            }
        }

        var last = applied();
        var rate = (last - first) / clock.Elapsed.TotalSeconds;
        log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {group}: {GarbageCollections.Now().Since(gc, last - first, clock.Elapsed)}"));
        log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {group}: {shape.Describe()}"));
        await host.StopAsync(CancellationToken.None);
        return rate;
    }

    /// <summary>A bare consumer reading <paramref name="expected"/> messages of <paramref name="topic"/> without processing them; readings/s.</summary>
    public static double BareConsumerRate(string bootstrapServers, string topic, int expected, CancellationToken cancellationToken = default)
    {
        var config = new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "bench-bare", AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false, SessionTimeoutMs = 6000 };
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
        consumer.Subscribe(topic);
        var count = 0;
        Stopwatch? clock = null;
        while (count < expected)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _ = consumer.Consume(TimeSpan.FromSeconds(30)) ?? throw new TimeoutException($"bare consumer stalled at {count}");
            clock ??= Stopwatch.StartNew();
            count++;
        }

        consumer.Close();
        return (count - 1) / clock!.Elapsed.TotalSeconds;
    }
}
