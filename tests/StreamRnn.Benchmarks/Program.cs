using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using StreamRnn.Client;
using StreamRnn.Kafka;
using StreamRnn.Hosting;
using StreamRnn.Benchmarks;

// End-to-end throughput from a Kafka backlog, measured side by side in one run:
//   1. a bare Confluent consumer reading the backlog without processing,
//   2. the full pipeline (ingest → sensor grains → batched inference → scoring) with batching,
//   3. the same with batching disabled (Inference:MaxBatchSize=1).
// Usage: dotnet run -c Release --project tests/StreamRnn.Benchmarks -- [readings] [sensors] [partitions] [--Setting=value ...]
// Settings after the numbers apply to the pipeline silos (for example --Ingest:MaxPollRecords=50000);
// --only-batched skips the bare consumer and the unbatched run.
// --swaps [--swap-every-ms=N] instead measures hot swaps: the batched pipeline without swaps and with a new model
// version promoted every N ms (default 1000) while it drains the backlog (throughput ratio; promotion -> batcher serves latency), then one
// fine-tuning round on the windows the backlog's sensors contributed (training time per round).
// --checkpoints instead drains the backlog with sensor state in memory and in a private Redis (redis-server on PATH), at
// several Ingest:CheckpointInterval values, alternating, and reports Redis memory per sensor.
// --flood N [partitions] instead floods N distinct sensor ids (one reading each) beside 100 steady sensors into a silo in a
// child process, and reports its peak and settled resident memory and whether the steady sensors' counts are exact.
if (MemoryScenario.IsChild(args))
{
    await MemoryScenario.ChildAsync(args);
    return;
}

if (args.Contains("--memory"))
{
    // --memory [sensors] [readings per sensor]: resident memory per active sensor above an idle silo (MemoryScenario).
    var memoryNumbers = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
    await MemoryScenario.RunAsync(
        memoryNumbers.Length > 0 ? memoryNumbers[0] : MemoryScenario.DefaultSensors,
        memoryNumbers.Length > 1 ? memoryNumbers[1] : MemoryScenario.DefaultReadings,
        [.. args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal))]);
    return;
}

if (args.Contains("--batcher"))
{
    // --batcher [batch size] [steps per request]: the inference batcher's sensor-steps/s against a bare forward (BatcherEfficiencyBenchmark).
    var batcherNumbers = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
    await BatcherEfficiencyBenchmark.RunAsync(
        batcherNumbers.Length > 0 ? batcherNumbers[0] : BatcherEfficiencyBenchmark.DefaultBatchSize,
        batcherNumbers.Length > 1 ? batcherNumbers[1] : 1);
    return;
}

if (args.Contains("--pool-hop"))
{
    // The pool's extra hop (PoolHopBenchmark.cs): local vs remote pool steps, two silos in this process.
    await PoolHopBenchmark.RunAsync([.. args.Where(a => a != "--pool-hop")]);
    return;
}

if (args.Contains("--flood-silo"))
{
    await FloodBenchmark.SiloAsync(args);
    return;
}

if (args.Contains("--flood"))
{
    var floodNumbers = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
    await FloodBenchmark.RunAsync(floodNumbers.Length > 0 ? floodNumbers[0] : 5_000_000, floodNumbers.Length > 1 ? floodNumbers[1] : 8, [.. args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal))]);
    return;
}

var numbers = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
var overrides = args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal)).ToArray();
var onlyBatched = args.Contains("--only-batched");
var swaps = args.Contains("--swaps");
var checkpoints = args.Contains("--checkpoints");
var swapEvery = TimeSpan.FromMilliseconds(args.Where(a => a.StartsWith("--swap-every-ms=", StringComparison.Ordinal)).Select(a => int.Parse(a["--swap-every-ms=".Length..], CultureInfo.InvariantCulture)).DefaultIfEmpty(1000).Single());
var readings = numbers.Length > 0 ? int.Parse(numbers[0], CultureInfo.InvariantCulture) : 1_000_000;
var sensors = numbers.Length > 1 ? int.Parse(numbers[1], CultureInfo.InvariantCulture) : 10_000;
var partitions = numbers.Length > 2 ? int.Parse(numbers[2], CultureInfo.InvariantCulture) : 32;
const string Topic = "bench-readings";

using var kafka = new EmbeddedKafkaCluster(3);
kafka.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
kafka.CreateTopic(Topic, partitions);
kafka.CreateTopic("bench-dlq", 1);
kafka.CreateTopic("bench-alerts", 1);
kafka.CreateTopic("bench-alert-events", 1);
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
Console.WriteLine($"backlog: {readings:N0} readings over {sensors:N0} sensors, {partitions} partitions, embedded Kafka (librdkafka mock, 3 brokers)");

var produce = Stopwatch.StartNew();
using (var producer = new ReplayProducer(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, EnableIdempotence = true, Acks = Acks.All, LingerMs = 20, BatchSize = 1_000_000 }, Topic))
{
    var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    for (var i = 0; i < readings; i++)
    {
        var sensor = i % sensors;
        var step = i / sensors;
        producer.Produce($"sensor-{sensor:D5}", start.AddMinutes(step), [10 + Math.Sin(step / 10.0 + sensor) + 0.1 * Math.Cos(step * 1.3)]);
    }

    producer.Flush(CancellationToken.None);
    if (producer.Failed > 0)
    {
        throw new InvalidOperationException($"{producer.Failed} readings were not produced.");
    }
}

Console.WriteLine($"produce: {readings / produce.Elapsed.TotalSeconds:N0} readings/s");

if (overrides.Length > 0)
{
    Console.WriteLine($"settings: {string.Join(' ', overrides)}");
}

if (swaps)
{
    await SwapBenchmark.RunAsync(kafka.BootstrapServers, Topic, readings, swapEvery, overrides.Where(o => !o.StartsWith("--swap-every-ms=", StringComparison.Ordinal)).ToArray());
    return;
}

if (checkpoints)
{
    await CheckpointBenchmark.RunAsync(kafka.BootstrapServers, readings, sensors, (group, port, settings) => PipelineRateAsync(kafka.BootstrapServers, readings, maxBatchSize: 512, group, port, [.. overrides, .. settings]));
    return;
}

var batched = await PipelineRateAsync(kafka.BootstrapServers, readings, maxBatchSize: 512, group: "bench-batched", port: 0, overrides);
Console.WriteLine($"pipeline, batching on (MaxBatchSize=512): {batched:N0} readings/s");
if (onlyBatched)
{
    return;
}

var bare = BareConsumerRate(kafka.BootstrapServers, Topic, readings);
Console.WriteLine($"bare consumer: {bare:N0} readings/s");
var unbatched = await PipelineRateAsync(kafka.BootstrapServers, readings, maxBatchSize: 1, group: "bench-unbatched", port: 1, overrides);
Console.WriteLine($"pipeline, batching off (MaxBatchSize=1): {unbatched:N0} readings/s");
Console.WriteLine($"ratios: pipeline/bare = {batched / bare:F3}, batched/unbatched = {batched / unbatched:F2}");

static double BareConsumerRate(string servers, string topic, int expected)
{
    var config = new ConsumerConfig { BootstrapServers = servers, GroupId = "bench-bare", AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false, SessionTimeoutMs = 6000 };
    using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
    consumer.Subscribe(topic);
    var count = 0;
    Stopwatch? clock = null;
    while (count < expected)
    {
        var result = consumer.Consume(TimeSpan.FromSeconds(30)) ?? throw new TimeoutException($"bare consumer stalled at {count}");
        clock ??= Stopwatch.StartNew();
        count++;
    }

    consumer.Close();
    return (count - 1) / clock!.Elapsed.TotalSeconds;
}

static async Task<double> PipelineRateAsync(string servers, int expected, int maxBatchSize, string group, int port, string[] overrides)
{
    var builder = Host.CreateApplicationBuilder(overrides);
    builder.Logging.SetMinimumLevel(LogLevel.Error);
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Kafka:BootstrapServers"] = servers,
        ["Kafka:ReadingsTopic"] = Topic,
        ["Kafka:DeadLetterTopic"] = "bench-dlq",
        ["Kafka:AlertsTopic"] = "bench-alerts",
        ["Kafka:AlertEventsTopic"] = "bench-alert-events",
        ["Kafka:ConsumerGroup"] = group,
        ["Kafka:Consumer:session.timeout.ms"] = "6000",
        ["Inference:MaxBatchSize"] = maxBatchSize.ToString(CultureInfo.InvariantCulture),
        ["Sensors:MinimumDropoutSilence"] = "01:00:00",
    });
    builder.Configuration.AddCommandLine(overrides);
    builder.UseOrleans(silo =>
    {
        silo.UseLocalhostClustering(siloPort: 11311 + port, gatewayPort: 30311 + port);
        silo.AddStreamRnn();
    });
    using var host = builder.Build();
    var counters = host.Services.GetRequiredService<PipelineCounters>();
    await host.StartAsync();
    while (counters.Readings == 0)
    {
        await Task.Delay(10);
    }

    var first = counters.Readings;
    var clock = Stopwatch.StartNew();
    while (counters.Readings < expected)
    {
        await Task.Delay(20);
    }

    var rate = (counters.Readings - first) / clock.Elapsed.TotalSeconds;
    await host.StopAsync();
    return rate;
}
