using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using Orleans.Storage;
using StreamRnn.Batching;
using StreamRnn.Contracts;
using StreamRnn.Grains;
using StreamRnn.Grains.Placement;

/// <summary>
/// The cost of the pool's extra hop: sensor-steps/s and per-step latency of step calls made on a plain silo to its own
/// pool (<see cref="IInferenceGrain"/>, no hop) and to the pool grains of an accelerator silo (<see cref="IInferencePoolGrain"/>,
/// one hop each way), alternating, in one run. Both silos run in this process on CPU and talk over loopback TCP with
/// Orleans' full serialisation: the figure holds the hop's CPU cost (serialisation, sockets, scheduling, on the same cores
/// as the batchers) but no network latency or bandwidth, and no GPU (the "accelerator" silo advertises one by setting).
/// Each caller is one sensor: it awaits its step, keeps the state it gets back and calls again.
/// Usage: --pool-hop [callers=1000] [seconds per measurement=5] [steps per call=1] [rounds=3] [--Setting=value ...]
/// </summary>
internal static class PoolHopBenchmark
{
    private const int AcceleratorSiloPort = 11611;

    public static async Task RunAsync(string[] args)
    {
        var numbers = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        var overrides = args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal)).ToArray();
        var callers = numbers.Length > 0 ? numbers[0] : 1000;
        var duration = TimeSpan.FromSeconds(numbers.Length > 1 ? numbers[1] : 5);
        var stepsPerCall = numbers.Length > 2 ? numbers[2] : 1;
        var rounds = numbers.Length > 3 ? numbers[3] : 3;
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        Console.WriteLine($"pool hop: {callers:N0} sensors calling concurrently, {stepsPerCall} step(s) per call, {rounds} rounds of {duration.TotalSeconds:F0} s local then remote, two silos in this process (loopback TCP, CPU)");

        using var accelerator = await StartSiloAsync(0, "cuda", overrides);
        using var plain = await StartSiloAsync(1, "none", overrides);
        var router = plain.Services.GetRequiredService<InferencePoolRouter>();
        var deadline = Stopwatch.StartNew();
        while (router.AcceleratorSilos.Count == 0)
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(1))
            {
                throw new InvalidOperationException("The plain silo never saw the accelerator silo.");
            }

            await Task.Delay(50);
        }

        var acceleratorSilo = router.AcceleratorSilos[0];
        var grainsPerSilo = plain.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<InferencePoolOptions>>().Value.GrainsPerSilo;
        var keys = Enumerable.Range(0, grainsPerSilo).Select(slot => PoolGrainKey.Format(acceleratorSilo, slot)).ToArray();
        var factory = plain.Services.GetRequiredService<IGrainFactory>();
        var shape = plain.Services.GetRequiredService<IInferenceBatcher>().Shape;
        Func<int, StepCall, ValueTask<StepReply>> local = (_, call) => factory.GetGrain<IInferenceGrain>(0).StepAsync(call);
        Func<int, StepCall, ValueTask<StepReply>> remote = (caller, call) => factory.GetGrain<IInferencePoolGrain>(keys[caller % keys.Length]).StepAsync(call);

        // Warm-up (JIT, tiered compilation, connections, pool grain activations), not counted.
        await MeasureAsync(local, callers, duration, stepsPerCall, shape.Channels);
        await MeasureAsync(remote, callers, duration, stepsPerCall, shape.Channels);
        var results = new List<(Result Local, Result Remote)>();
        for (var round = 0; round < rounds; round++)
        {
            var l = await MeasureAsync(local, callers, duration, stepsPerCall, shape.Channels);
            var r = await MeasureAsync(remote, callers, duration, stepsPerCall, shape.Channels);
            Console.WriteLine($"  round {round + 1}: local {l}; remote {r}; remote/local steps/s = {r.StepsPerSecond / l.StepsPerSecond:F2}");
            results.Add((l, r));
        }

        var localRate = Median(results.Select(x => x.Local.StepsPerSecond));
        var remoteRate = Median(results.Select(x => x.Remote.StepsPerSecond));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pool-hop: local {localRate:N0} sensor-steps/s p50={Median(results.Select(x => x.Local.P50)):F2} p99={Median(results.Select(x => x.Local.P99)):F2} ms; " +
            $"remote {remoteRate:N0} sensor-steps/s p50={Median(results.Select(x => x.Remote.P50)):F2} p99={Median(results.Select(x => x.Remote.P99)):F2} ms; " +
            $"remote/local = {remoteRate / localRate:F2} (medians of {rounds} rounds; {callers} sensors, {stepsPerCall} step(s)/call, two silos in one process)"));

        await plain.StopAsync();
        await accelerator.StopAsync();
    }

    private static async Task<IHost> StartSiloAsync(int index, string accelerator, string[] overrides)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Model:Device"] = "cpu",
            ["InferencePool:Accelerator"] = accelerator,
            ["Training:Interval"] = "00:00:00",
        });
        builder.Configuration.AddCommandLine(overrides);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(AcceleratorSiloPort + index, 30611 + index, new IPEndPoint(IPAddress.Loopback, AcceleratorSiloPort));
            silo.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
            silo.AddMemoryGrainStorage(StorageNames.Sensors);
            silo.AddMemoryGrainStorage(StorageNames.Models);
            silo.AddMemoryGrainStorage(StorageNames.Training);
            silo.UseInMemoryReminderService();
            silo.AddAcceleratorPlacement("cpu");
            silo.Services.AddStreamRnnGrains();
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<Result> MeasureAsync(Func<int, StepCall, ValueTask<StepReply>> call, int callers, TimeSpan duration, int stepsPerCall, int channels)
    {
        var latencies = new List<double>[callers];
        var steps = 0L;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async caller =>
        {
            var random = new Random(caller);
            var mine = latencies[caller] = [];
            float[]? state = null;
            while (clock.Elapsed < duration)
            {
                var inputs = new float[stepsPerCall * channels];
                for (var i = 0; i < inputs.Length; i++)
                {
                    inputs[i] = (float)random.NextDouble();
                }

                var started = Stopwatch.GetTimestamp();
                var reply = await call(caller, new StepCall(inputs, stepsPerCall, state));
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                state = reply.State;
                Interlocked.Add(ref steps, stepsPerCall);
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Result(steps / elapsed, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private sealed record Result(double StepsPerSecond, double P50, double P99)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{StepsPerSecond:N0} steps/s p50={P50:F2} p99={P99:F2} ms");
    }
}
