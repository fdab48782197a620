using System.CommandLine;
using StreamRnn.Bench;
using StreamRnn.Kafka;

namespace StreamRnn.Cli.Commands;

/// <summary>
/// <c>streamrnn bench</c>: the issue-15 scenarios (catch-up, live latency, memory) against the embedded default (an
/// embedded Kafka and in-process silos, as tests/StreamRnn.Benchmarks runs them) or, for live, a running cluster.
/// Progress goes to stderr; each figure is one line on stdout (<c>ratios: …</c>, <c>live: … p50=… p99=… max=… ms …</c>,
/// <c>memory: …</c>). The scenario code is client/StreamRnn.Bench, shared with the benchmark program.
/// </summary>
internal static class BenchCommand
{
    private static readonly string[] Scenarios = ["catch-up", "live", "memory"];

    public static Command Create()
    {
        var scenario = new Option<string[]>("--scenario")
        {
            Description = "Scenarios to run: catch-up, live, memory (repeat or comma-separate; default: all three).",
            AllowMultipleArgumentsPerToken = true,
        };
        var bootstrap = new Option<string?>("--bootstrap-servers") { Description = "A running cluster's Kafka: live is measured against its silos (needs Kafka:ScoresTopic on them); catch-up and memory run embedded only." };
        var topic = new Option<string>("--topic") { Description = "Readings topic when --bootstrap-servers is given.", DefaultValueFactory = _ => "sensor-readings" };
        var scoresTopic = new Option<string>("--scores-topic") { Description = "Scores topic (the silos' Kafka:ScoresTopic) when --bootstrap-servers is given.", DefaultValueFactory = _ => "sensor-scores" };
        var sensors = new Option<int>("--sensors") { Description = "Live: distinct sensors.", DefaultValueFactory = _ => 10_000 };
        var rate = new Option<double>("--rate") { Description = "Live: readings per second of each sensor.", DefaultValueFactory = _ => 2 };
        var seconds = new Option<double>("--seconds") { Description = "Live: seconds measured (after the warm-up).", DefaultValueFactory = _ => 60 };
        var warmup = new Option<double>("--warmup") { Description = "Live: seconds of warm-up, not measured.", DefaultValueFactory = _ => 10 };
        var readings = new Option<int>("--readings") { Description = "Catch-up: readings in the backlog.", DefaultValueFactory = _ => 1_000_000 };
        var backlogSensors = new Option<int>("--backlog-sensors") { Description = "Catch-up: sensors the backlog is spread over.", DefaultValueFactory = _ => 10_000 };
        var partitions = new Option<int>("--partitions") { Description = "Partitions of the embedded readings (and scores) topics.", DefaultValueFactory = _ => 32 };
        var inMemory = new Option<bool>("--in-memory") { Description = "Keep the in-process silos' sensor state in memory instead of checkpointing it to a private redis-server (which must be on PATH)." };
        var command = new Command("bench", "Run the benchmark scenarios (catch-up, live latency, memory): progress on stderr, one line per figure on stdout.")
        {
            scenario, bootstrap, topic, scoresTopic, sensors, rate, seconds, warmup, readings, backlogSensors, partitions, inMemory,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = (parse.GetValue(scenario) ?? []).SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);
            if (chosen.Count == 0)
            {
                chosen = [.. Scenarios];
            }

            if (chosen.FirstOrDefault(s => !Scenarios.Contains(s)) is { } unknown)
            {
                await Console.Error.WriteLineAsync($"Unknown scenario '{unknown}': use {string.Join(", ", Scenarios)}.");
                return ExitCodes.InvalidInput;
            }

            if (parse.GetValue(sensors) < 1 || !(parse.GetValue(rate) > 0) || !(parse.GetValue(seconds) > 0) || parse.GetValue(warmup) < 0 || parse.GetValue(readings) < 1 || parse.GetValue(backlogSensors) < 1 || parse.GetValue(partitions) < 1)
            {
                await Console.Error.WriteLineAsync("--sensors, --rate, --seconds, --readings, --backlog-sensors and --partitions must be positive, --warmup zero or more.");
                return ExitCodes.InvalidInput;
            }

            var servers = parse.GetValue(bootstrap);
            KafkaNativeLibrary.EnsureLoaded();
            RedisServerProcess? durable = null;
            if (servers is null && !parse.GetValue(inMemory) && chosen.Overlaps(["catch-up", "live"]))
            {
                try
                {
                    durable = await RedisServerProcess.StartAsync();
                }
                catch (InvalidOperationException exception)
                {
                    // No redis-server to start: say so and how to go on, without a stack trace.
                    await Console.Error.WriteLineAsync($"bench: {exception.Message}");
                    return ExitCodes.Failed;
                }
            }

            using var redis = durable;
            if (redis is not null)
            {
                await Console.Error.WriteLineAsync($"checkpoints: durable, redis-server on port {redis.Port}");
            }

            if (chosen.Contains("catch-up"))
            {
                if (servers is not null)
                {
                    await Console.Error.WriteLineAsync("catch-up: skipped (embedded only: it drains a backlog it produces itself with in-process silos)");
                }
                else
                {
                    await RunCatchUpAsync(parse.GetValue(readings), parse.GetValue(backlogSensors), parse.GetValue(partitions), redis, cancellationToken);
                }
            }

            if (chosen.Contains("live"))
            {
                var live = await LiveLatencyScenario.RunAsync(
                    new LiveLatencyOptions
                    {
                        Sensors = parse.GetValue(sensors),
                        ReadingsPerSecondPerSensor = parse.GetValue(rate),
                        Duration = TimeSpan.FromSeconds(parse.GetValue(seconds)),
                        Warmup = TimeSpan.FromSeconds(parse.GetValue(warmup)),
                        GrowthWindow = TimeSpan.FromSeconds(Math.Min(20, parse.GetValue(seconds) / 3)),
                        Partitions = parse.GetValue(partitions),
                        BootstrapServers = servers,
                        ReadingsTopic = servers is null ? "bench-live-readings" : parse.GetValue(topic)!,
                        ScoresTopic = servers is null ? "bench-live-scores" : parse.GetValue(scoresTopic)!,
                        RedisConnectionString = redis?.ConnectionString,
                    },
                    Console.Error,
                    cancellationToken);
                Console.WriteLine(live.Line);
            }

            if (chosen.Contains("memory"))
            {
                // The memory scenario (issue15-memory) lives in tests/StreamRnn.Benchmarks until it moves into StreamRnn.Bench.
                Console.WriteLine("memory: not run (the memory scenario is not in StreamRnn.Bench yet: dotnet run -c Release --project tests/StreamRnn.Benchmarks -- --scenario=memory)");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task RunCatchUpAsync(int readings, int sensors, int partitions, RedisServerProcess? redis, CancellationToken cancellationToken)
    {
        using var kafka = new EmbeddedKafkaCluster(3);
        kafka.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        var topics = new BenchTopics("bench-readings", "bench-dlq", "bench-alerts", "bench-alert-events");
        topics.CreateIn(kafka, partitions);
        await Console.Error.WriteLineAsync($"catch-up: producing a backlog of {readings:N0} readings over {sensors:N0} sensors, {partitions} partitions");
        var produced = CatchUpScenario.ProduceBacklog(kafka.BootstrapServers, topics.Readings, readings, sensors);
        await Console.Error.WriteLineAsync($"catch-up: produced {produced:N0} readings/s");
        var result = await CatchUpScenario.RunAsync(
            new CatchUpOptions(kafka.BootstrapServers, topics, readings)
            {
                RedisConnectionString = redis?.ConnectionString,
                Progress = Console.Error,
                BeforeDrain = redis is null ? null : async () => await redis.FlushAsync(),
            },
            Console.Error,
            cancellationToken);
        Console.WriteLine(result.Line);
    }
}
