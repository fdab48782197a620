using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using StreamRnn.Contracts;
using StreamRnn.Models;
using StreamRnn.Batching;
using StreamRnn.Telemetry;
using StreamRnn.Models.Checkpoints;
using StreamRnn.Hosting;

/// <summary>Hot swap figures, side by side in one run on the same backlog (see Program.cs).</summary>
internal static class SwapBenchmark
{
    public static async Task RunAsync(string servers, string topic, int readings, TimeSpan swapEvery, string[] overrides)
    {
        // A warm-up drain (discarded), then without / with / without / with: JIT warm-up and drift on this
        // shared machine then favour neither side. Every sensor re-warms its state after each switch it sees,
        // so a promotion every few hundred milliseconds is a worst case; production promotes every few minutes.
        await DrainAsync(servers, topic, readings, "bench-warmup", 0, overrides, swapEvery: null, train: false);
        var steady = new List<double>();
        var swapping = new List<double>();
        var latencies = new List<double>();
        FineTuningRound? round = null;
        for (var pass = 0; pass < 2; pass++)
        {
            var (without, _, _) = await DrainAsync(servers, topic, readings, $"bench-steady-{pass}", 1 + (2 * pass), overrides, swapEvery: null, train: false);
            steady.Add(without);
            Console.WriteLine($"pipeline, no swaps: {without:N0} readings/s");
            var (with, passLatencies, passRound) = await DrainAsync(servers, topic, readings, $"bench-swapping-{pass}", 2 + (2 * pass), overrides, swapEvery, train: pass == 1);
            swapping.Add(with);
            latencies.AddRange(passLatencies);
            round ??= passRound;
            Console.WriteLine($"pipeline, a promotion every {swapEvery.TotalMilliseconds:F0} ms: {with:N0} readings/s ({passLatencies.Count} swaps)");
        }

        Console.WriteLine($"ratio: with swaps / without = {swapping.Average() / steady.Average():F3}");
        if (latencies.Count > 0)
        {
            latencies.Sort();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"promotion -> batcher serves it: median {latencies[latencies.Count / 2]:F1} ms, p90 {latencies[(int)(latencies.Count * 0.9)]:F1} ms, max {latencies[^1]:F1} ms"));
        }

        if (round is not null)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"fine-tuning round: {round.Outcome}, {round.TrainWindows} training / {round.ValidationWindows} held-out windows from {round.Sensors} sensors, trained in {round.TrainingDuration.TotalSeconds:F2} s on {round.Device} (held-out loss {round.BaselineLoss:G4} -> {round.CandidateLoss:G4})"));
        }
    }

    private static async Task<(double Rate, List<double> Latencies, FineTuningRound? Round)> DrainAsync(
        string servers, string topic, int expected, string group, int port, string[] overrides, TimeSpan? swapEvery, bool train)
    {
        var builder = Host.CreateApplicationBuilder(overrides);
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = servers,
            ["Kafka:ReadingsTopic"] = topic,
            ["Kafka:DeadLetterTopic"] = "bench-dlq",
            ["Kafka:AlertsTopic"] = "bench-alerts",
            ["Kafka:AlertEventsTopic"] = "bench-alert-events",
            ["Kafka:ConsumerGroup"] = group,
            ["Kafka:Consumer:session.timeout.ms"] = "6000",
            ["Sensors:MinimumDropoutSilence"] = "01:00:00",
            ["Training:Interval"] = "00:00:00",
        });
        builder.Configuration.AddCommandLine(overrides);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: 11411 + port, gatewayPort: 30411 + port);
            silo.AddStreamRnn();
        });
        using var host = builder.Build();
        var counters = host.Services.GetRequiredService<PipelineCounters>();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var batcher = host.Services.GetRequiredService<IInferenceBatcher>();
        var model = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ModelOptions>>().Value;
        await host.StartAsync();
        while (counters.Readings == 0)
        {
            await Task.Delay(10);
        }

        var first = counters.Readings;
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var latencies = new List<double>();
        var promoting = swapEvery is { } every ? PromoteRepeatedlyAsync(grains, batcher, model, every, latencies, stop.Token) : Task.CompletedTask;
        while (counters.Readings < expected)
        {
            await Task.Delay(20);
        }

        var rate = (counters.Readings - first) / clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await promoting;
        FineTuningRound? round = null;
        if (train)
        {
            // Contributions are one-way messages: give the last ones a moment to land.
            await Task.Delay(500);
            round = await grains.GetGrain<IFineTuningCoordinatorGrain>("default").TrainNowAsync();
        }

        await host.StopAsync();
        return (rate, latencies, round);
    }

    private static async Task PromoteRepeatedlyAsync(IGrainFactory grains, IInferenceBatcher batcher, ModelOptions model, TimeSpan every, List<double> latencies, CancellationToken stop)
    {
        var registry = grains.GetGrain<IModelRegistryGrain>("default");
        var random = new Random(5);
        ModelCheckpoint baseCheckpoint;
        using (var seeded = new RecurrentForecaster(ModelShape.FromOptions(model), model.Seed))
        {
            baseCheckpoint = ModelCheckpoints.Capture(seeded, [], new Dictionary<string, string>());
        }

        while (!stop.IsCancellationRequested)
        {
            var perturbed = baseCheckpoint with
            {
                Parameters = [.. baseCheckpoint.Parameters.Select(p => p with { Values = [.. p.Values.Select(v => v + (1e-4f * ((random.NextSingle() * 2) - 1)))] })],
            };
            var version = await registry.RegisterAsync(CheckpointFile.Serialize(perturbed), "benchmark", CancellationToken.None);
            var promoted = Stopwatch.StartNew();
            await registry.PromoteAsync(version.Version, "benchmark", CancellationToken.None);
            while (batcher.ModelVersion != version.Version)
            {
                await Task.Delay(1, CancellationToken.None);
            }

            latencies.Add(promoted.Elapsed.TotalMilliseconds);
            try
            {
                await Task.Delay(every, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
