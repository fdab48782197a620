using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using StreamRnn.Contracts;
using StreamRnn.Kafka;

namespace StreamRnn.Bench;

/// <summary>
/// Live latency: readings produced at a steady rate (one producer thread, paced every millisecond) into a silo that
/// publishes every score to a scores topic; a consumer joins each score to its reading on the reading's partition and
/// offset (which the score carries) and takes latency = the score's Kafka timestamp minus the reading's. Percentiles
/// over the measured part, after a warm-up; the growth check compares its first and last windows. Against the embedded
/// default the scenario starts an embedded Kafka and an in-process silo (as the catch-up drains do), and first primes
/// every sensor with one reading so that activation is not measured.
/// </summary>
public static class LiveLatencyScenario
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    /// <summary>Runs the scenario; progress lines go to <paramref name="progress"/>.</summary>
    public static async Task<LiveLatencyResult> RunAsync(LiveLatencyOptions options, TextWriter progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Sensors, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ReadingsPerSecondPerSensor, 0);
        if (options.BootstrapServers is { } servers)
        {
            return await MeasureAsync(options, servers, applied: null, progress, cancellationToken);
        }

        using var kafka = new EmbeddedKafkaCluster(3);
        kafka.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        var topics = new BenchTopics(options.ReadingsTopic, options.ReadingsTopic + "-dlq", options.ReadingsTopic + "-alerts", options.ReadingsTopic + "-alert-events", options.ScoresTopic);
        topics.CreateIn(kafka, options.Partitions);
        string[] settings = options.RedisConnectionString is null
            ? [.. options.SiloOverrides]
            : [$"--Cluster:Redis:ConnectionString={options.RedisConnectionString}", "--Cluster:Tls:Disabled=true", .. options.SiloOverrides];
        using var host = BenchSilo.Build(kafka.BootstrapServers, topics, "bench-live", options.SiloPort, 512, settings);
        await host.StartAsync(cancellationToken);
        try
        {
            return await MeasureAsync(options, kafka.BootstrapServers, BenchSilo.ReadingsApplied(host), progress, cancellationToken);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<LiveLatencyResult> MeasureAsync(LiveLatencyOptions options, string servers, Func<long>? applied, TextWriter progress, CancellationToken cancellationToken)
    {
        var readingsLog = new OffsetLog(servers, options.ReadingsTopic);
        var scoresStart = StartOffsets(servers, options.ScoresTopic);
        using var scores = new ScoreCollector(servers, options.ScoresTopic, scoresStart, readingsLog);
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = servers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 0,
            ClientId = "streamrnn-bench-live",
        }).Build();
        var failed = 0L;
        void Produce(int sensor, DateTimeOffset at, double value)
        {
            // The reading's Kafka timestamp is set here, when it is written (CreateTime), and kept from its delivery report.
            var message = new Message<string, byte[]> { Key = CatchUpScenario.SensorId(sensor), Value = ReadingCodec.Serialize(at, [value]), Timestamp = new Timestamp(at) };
            var written = message.Timestamp.UnixTimestampMs;
            producer.Produce(options.ReadingsTopic, message, report =>
            {
                if (report.Error.IsError)
                {
                    Interlocked.Increment(ref failed);
                }
                else
                {
                    readingsLog.Delivered(report.Partition.Value, report.Offset.Value, written);
                }
            });
        }

        var produced = 0L;
        if (applied is not null)
        {
            // One reading per sensor first: activation and the first model sync are not what this measures.
            progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"live: priming {options.Sensors:N0} sensors"));
            var primeAt = DateTimeOffset.UtcNow;
            for (var sensor = 0; sensor < options.Sensors; sensor++)
            {
                Produce(sensor, primeAt, Value(sensor, 0));
            }

            produced = options.Sensors;
            producer.Flush(cancellationToken);
            while (applied() < options.Sensors)
            {
                await Task.Delay(50, cancellationToken);
            }
        }

        var total = options.Warmup + options.Duration;
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"live: {options.Rate:N0} readings/s over {options.Sensors:N0} sensors, {options.Warmup.TotalSeconds:0} s warm-up + {options.Duration.TotalSeconds:0} s measured"));
        var startedAt = DateTimeOffset.UtcNow;
        var startMs = startedAt.ToUnixTimeMilliseconds();
        var windowStart = startMs + (long)options.Warmup.TotalMilliseconds;
        var windowEnd = windowStart + (long)options.Duration.TotalMilliseconds;
        var paced = 0L;
        var measuredProduced = 0L;
        var pacer = new Thread(() =>
        {
            var clock = Stopwatch.StartNew();
            var step = 0L;
            while (clock.Elapsed < total && !cancellationToken.IsCancellationRequested)
            {
                var due = (long)(options.Rate * clock.Elapsed.TotalSeconds);
                for (; step < due; step++)
                {
                    var sensor = (int)(step % options.Sensors);
                    var now = DateTimeOffset.UtcNow;
                    Produce(sensor, now, Value(sensor, 1 + step / options.Sensors));
                    var ms = now.ToUnixTimeMilliseconds();
                    if (ms >= windowStart && ms < windowEnd)
                    {
                        measuredProduced++;
                    }
                }

                Volatile.Write(ref paced, step);
                Thread.Sleep(1);
            }
        })
        {
            IsBackground = true,
            Name = "StreamRnn bench live producer",
        };
        // In process, the silo's own metrics say where the measured part's time went.
        using var split = applied is null ? null : new LatencySplit();
        pacer.Start();
        var next = ProgressInterval;
        var splitStarted = false;
        var cpu = applied is null ? null : new ProcessCpu();
        while (pacer.IsAlive)
        {
            await Task.Delay(200, CancellationToken.None);
            var elapsed = DateTimeOffset.UtcNow - startedAt;
            if (!splitStarted && elapsed >= options.Warmup)
            {
                split?.Start();
                cpu?.Start();
                splitStarted = true;
            }

            if (elapsed >= next)
            {
                next += ProgressInterval;
                var recent = readingsLog.Latencies(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (long)ProgressInterval.TotalMilliseconds - 1000, long.MaxValue);
                progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"live: {elapsed.TotalSeconds:0} s, produced {produced + Volatile.Read(ref paced):N0}, scored {readingsLog.Scored:N0}, last {ProgressInterval.TotalSeconds:0} s p99={Percentile(recent, 0.99):0.#} ms"));
            }
        }

        var coresBusy = cpu?.CoresBusy();
        cancellationToken.ThrowIfCancellationRequested();
        produced += Volatile.Read(ref paced);
        producer.Flush(cancellationToken);
        var drain = Stopwatch.StartNew();
        while (readingsLog.Scored < produced - Interlocked.Read(ref failed) && drain.Elapsed < options.DrainTimeout)
        {
            await Task.Delay(100, cancellationToken);
        }

        if (split is not null)
        {
            split.Stop();
            progress.WriteLine("live split: " + split.Describe());
        }

        var window = readingsLog.Latencies(windowStart, windowEnd);
        var growth = (long)options.GrowthWindow.TotalMilliseconds;
        var first = readingsLog.Latencies(windowStart, windowStart + growth);
        var last = readingsLog.Latencies(windowEnd - growth, windowEnd);
        return new LiveLatencyResult
        {
            Options = options,
            AchievedRate = measuredProduced / options.Duration.TotalSeconds,
            Produced = produced,
            Scored = readingsLog.Scored,
            Measured = window.Length,
            P50 = Percentile(window, 0.5),
            P99 = Percentile(window, 0.99),
            Max = window.Length == 0 ? double.NaN : window[^1],
            FirstP99 = Percentile(first, 0.99),
            LastP99 = Percentile(last, 0.99),
            CoresBusy = coresBusy,
        };
    }

    private static double Value(int sensor, long step) => 10 + Math.Sin(step / 10.0 + sensor) + 0.1 * Math.Cos(step * 1.3);

    /// <summary>The nearest-rank percentile of sorted values; NaN when there are none.</summary>
    internal static double Percentile<T>(T[] sorted, double quantile)
        where T : System.Numerics.INumber<T>
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(quantile * sorted.Length);
        return double.CreateChecked(sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)]);
    }

    /// <summary>Each partition's high watermark of <paramref name="topic"/>: where this run's messages start.</summary>
    private static Dictionary<int, long> StartOffsets(string servers, string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = servers }).Build();
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(30));
        var partitions = metadata.Topics.Single().Partitions.Select(p => p.PartitionId).ToList();
        if (partitions.Count == 0)
        {
            throw new InvalidOperationException($"Topic {topic} has no partitions (does it exist?).");
        }

        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = servers, GroupId = "streamrnn-bench-watermarks" }).Build();
        return partitions.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(30)).High.Value);
    }

    /// <summary>
    /// The run's readings by partition and offset: the Kafka timestamp each was written with (from its delivery report)
    /// and the first score's Kafka timestamp; either may come first.
    /// </summary>
    private sealed class OffsetLog
    {
        private readonly Dictionary<int, long> _start;
        private readonly Dictionary<int, Partition> _partitions;
        private long _scored;

        public OffsetLog(string servers, string topic)
        {
            _start = StartOffsets(servers, topic);
            _partitions = _start.Keys.ToDictionary(p => p, _ => new Partition());
        }

        public long Scored => Interlocked.Read(ref _scored);

        public void Delivered(int partition, long offset, long timestampMs) => Set(partition, offset, timestampMs, score: false);

        public void ScoreSeen(int partition, long offset, long timestampMs) => Set(partition, offset, timestampMs, score: true);

        /// <summary>Sorted latencies, ms, of the readings written in [<paramref name="fromMs"/>, <paramref name="toMs"/>) that have a score.</summary>
        public long[] Latencies(long fromMs, long toMs)
        {
            var latencies = new List<long>();
            foreach (var partition in _partitions.Values)
            {
                lock (partition)
                {
                    for (var i = 0; i < partition.Count; i++)
                    {
                        var written = partition.Written[i];
                        var scored = partition.ScoredAt[i];
                        if (written != 0 && scored != 0 && written >= fromMs && written < toMs)
                        {
                            latencies.Add(scored - written);
                        }
                    }
                }
            }

            var sorted = latencies.ToArray();
            Array.Sort(sorted);
            return sorted;
        }

        private void Set(int partition, long offset, long timestampMs, bool score)
        {
            if (!_partitions.TryGetValue(partition, out var log) || offset < _start[partition])
            {
                return;
            }

            var index = (int)(offset - _start[partition]);
            lock (log)
            {
                log.Ensure(index + 1);
                var slot = score ? log.ScoredAt : log.Written;
                if (slot[index] != 0)
                {
                    // At least once: a redelivered reading is scored again; its first score counts.
                    return;
                }

                slot[index] = timestampMs;
                if (score)
                {
                    Interlocked.Increment(ref _scored);
                }
            }
        }

        private sealed class Partition
        {
            public long[] Written = new long[1024];
            public long[] ScoredAt = new long[1024];
            public int Count;

            public void Ensure(int count)
            {
                if (count > Written.Length)
                {
                    var size = Math.Max(count, Written.Length * 2);
                    Array.Resize(ref Written, size);
                    Array.Resize(ref ScoredAt, size);
                }

                Count = Math.Max(Count, count);
            }
        }
    }

    /// <summary>Reads the scores topic from where this run starts, on its own thread, into the <see cref="OffsetLog"/>.</summary>
    private sealed class ScoreCollector : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread _thread;

        public ScoreCollector(string servers, string topic, Dictionary<int, long> start, OffsetLog log)
        {
            _thread = new Thread(() => Run(servers, topic, start, log))
            {
                IsBackground = true,
                Name = "StreamRnn bench live scores",
            };
            _thread.Start();
        }

        private void Run(string servers, string topic, Dictionary<int, long> start, OffsetLog log)
        {
            var config = new ConsumerConfig
            {
                BootstrapServers = servers,
                GroupId = "streamrnn-bench-live-scores",
                EnableAutoCommit = false,
                FetchWaitMaxMs = 10,
            };
            using var consumer = new ConsumerBuilder<Ignore, byte[]>(config).Build();
            consumer.Assign(start.Select(p => new TopicPartitionOffset(topic, p.Key, p.Value)));
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var result = consumer.Consume(_stop.Token);
                    if (result?.Message?.Value is { } value && SensorScoreJson.Deserialize(value) is { } score)
                    {
                        log.ScoreSeen(score.SourcePartition, score.SourceOffset, result.Message.Timestamp.UnixTimestampMs);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                consumer.Close();
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _thread.Join();
            _stop.Dispose();
        }
    }
}
