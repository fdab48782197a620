using System.Globalization;

/// <summary>
/// Backlog catch-up with sensor state in memory against Redis grain storage, at several checkpoint intervals, in one
/// run: each configuration drains the same backlog with its own consumer group, twice, in alternating order (the
/// machine is shared and noisy). Then Redis memory per sensor after a drain.
/// </summary>
internal static class CheckpointBenchmark
{
    private static readonly string[] Intervals = ["00:00:05", "00:00:01", "00:00:00"];

    public static async Task RunAsync(string bootstrapServers, int readings, int sensors, Func<string, int, string[], Task<double>> drain)
    {
        using var redis = await RedisServerProcess.StartAsync();
        var empty = await redis.FlushAsync();
        Console.WriteLine($"redis-server on port {redis.Port} (no persistence), empty: {empty / 1024.0:F0} KiB");
        var configurations = Intervals.SelectMany(interval => new[] { ("memory", interval), ("redis", interval) }).ToList();
        var rates = configurations.ToDictionary(c => c, _ => new List<double>());
        var memory = new List<(long Bytes, long Keys)>();
        var run = 0;
        for (var round = 0; round < 2; round++)
        {
            var order = round == 0 ? configurations : Enumerable.Reverse(configurations).ToList();
            foreach (var (storage, interval) in order)
            {
                run++;
                string[] settings = storage == "redis"
                    ? [$"--Cluster:Redis:ConnectionString={redis.ConnectionString}", "--Cluster:Tls:Disabled=true", $"--Ingest:CheckpointInterval={interval}"]
                    : [$"--Ingest:CheckpointInterval={interval}"];
                if (storage == "redis")
                {
                    await redis.FlushAsync();
                }

                using var meter = new CheckpointMeter();
                var rate = await drain($"bench-checkpoint-{run}", 10 + run, settings);
                rates[(storage, interval)].Add(rate);
                var (count, mean, longest, persisted) = meter.Summary();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {storage,-6} CheckpointInterval={interval}: {rate:N0} readings/s; {count} checkpoints, {persisted:N0} sensor writes, mean {mean.TotalMilliseconds:F1} ms, longest {longest.TotalMilliseconds:F1} ms"));
                if (storage == "redis")
                {
                    memory.Add(await redis.MeasureAsync());
                }
            }
        }

        Console.WriteLine("catch-up, mean of 2 alternating drains:");
        foreach (var interval in Intervals)
        {
            var inMemory = rates[("memory", interval)].Average();
            var inRedis = rates[("redis", interval)].Average();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  CheckpointInterval={interval}: memory {inMemory:N0}/s, redis {inRedis:N0}/s, redis/memory = {inRedis / inMemory:F3}"));
        }

        var (bytes, keys) = memory.MaxBy(m => m.Bytes);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"redis after a drain: {bytes / 1048576.0:F1} MiB used, {keys:N0} keys; {(bytes - empty) / (double)sensors:N0} bytes per sensor ({sensors:N0} sensors, registry and reminders included)"));
    }
}
