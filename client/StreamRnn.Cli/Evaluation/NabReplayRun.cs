using System.Globalization;
using Confluent.Kafka;
using StreamRnn.Client;
using StreamRnn.Contracts;
using StreamRnn.Evaluation;

namespace StreamRnn.Cli.Evaluation;

/// <summary>
/// Replays every NAB file as one sensor through Kafka into a running StreamRnn (in process or a cluster) and
/// collects the score each reading got from the scores topic, in row order.
/// </summary>
internal static class NabReplayRun
{
    private const int InFlight = 20_000;

    /// <summary>The sensor id a NAB file is replayed as: its key without the extension (<c>realKnownCause/nyc_taxi</c>).</summary>
    public static string SensorId(NabFile file) => Path.ChangeExtension(file.Key, null).Replace('\\', '/');

    /// <summary>Produces every row of every file (as fast as Kafka takes them, order kept per sensor) and returns the scores by file key.</summary>
    public static async Task<IReadOnlyDictionary<string, double[]>> RunAsync(
        NabDataset dataset,
        string bootstrapServers,
        string readingsTopic,
        string scoresTopic,
        TimeSpan timeout,
        TextWriter log,
        CancellationToken cancellationToken)
    {
        var consumerConfig = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "streamrnn-eval-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Latest,
            EnableAutoCommit = false,
        };
        using var consumer = new ConsumerBuilder<string, byte[]>(consumerConfig).Build();
        consumer.Subscribe(scoresTopic);

        // Join the group and take the end of every partition before anything is produced, so no score is missed
        // and none from an earlier run is read.
        var assigned = DateTime.UtcNow;
        while (consumer.Assignment.Count == 0)
        {
            consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (DateTime.UtcNow - assigned > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"Could not join a consumer group on the scores topic '{scoresTopic}' within 60 s.");
            }
        }

        var byId = dataset.Files.ToDictionary(SensorId, StringComparer.Ordinal);
        var scores = dataset.Files.ToDictionary(f => SensorId(f), f => new SortedDictionary<(int, long), double>(), StringComparer.Ordinal);
        var collected = 0L;
        var produced = 0L;
        var deadline = DateTime.UtcNow + timeout;
        var lastReport = DateTime.UtcNow;

        // Reads what is waiting on the scores topic (at least one poll). At least once: a redelivered reading is
        // scored again under the same source offset, so scores are keyed by it.
        async Task CollectAsync(TimeSpan wait)
        {
            var result = consumer.Consume(wait);
            while (result?.Message is { } message)
            {
                if (SensorScoreJson.Deserialize(message.Value) is { } score
                    && scores.TryGetValue(score.SensorId, out var perSensor)
                    && perSensor.TryAdd((score.SourcePartition, score.SourceOffset), Math.Clamp(score.Score, 0, 1)))
                {
                    collected++;
                }

                result = consumer.Consume(TimeSpan.Zero);
            }

            if (DateTime.UtcNow > deadline)
            {
                var missing = scores.Where(p => p.Value.Count < byId[p.Key].RowCount).Select(p => $"{p.Key} ({p.Value.Count}/{byId[p.Key].RowCount})");
                throw new TimeoutException($"Scores still missing after {timeout}: {string.Join(", ", missing)}.");
            }

            if (DateTime.UtcNow - lastReport > TimeSpan.FromSeconds(10))
            {
                lastReport = DateTime.UtcNow;
                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"readings produced {produced}/{dataset.RowCount}, scores {collected}")).ConfigureAwait(false);
            }
        }

        using (var replay = new ReplayProducer(new ProducerConfig { BootstrapServers = bootstrapServers, EnableIdempotence = true, Acks = Acks.All, LingerMs = 20 }, readingsTopic))
        {
            // As fast as the system takes them, but never more than InFlight readings ahead of their scores: the
            // embedded Kafka keeps a few megabytes per partition, and a reading it dropped unread would be lost.
            foreach (var file in dataset.Files)
            {
                var sensor = SensorId(file);
                for (var row = 0; row < file.RowCount; row++)
                {
                    replay.Produce(sensor, new DateTimeOffset(DateTime.SpecifyKind(file.Timestamps[row], DateTimeKind.Utc)), [file.Values[row]]);
                    produced++;
                    while (produced - collected >= InFlight)
                    {
                        replay.Flush(cancellationToken);
                        await CollectAsync(TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
                    }
                }
            }

            replay.Flush(cancellationToken);
            if (replay.Failed > 0)
            {
                throw new InvalidOperationException($"{replay.Failed} readings could not be produced.");
            }
        }

        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"replayed {dataset.RowCount} readings of {dataset.Files.Count} files; collecting the last scores")).ConfigureAwait(false);
        while (collected < dataset.RowCount)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await CollectAsync(TimeSpan.FromMilliseconds(200)).ConfigureAwait(false);
        }

        consumer.Close();
        return scores.ToDictionary(p => byId[p.Key].Key, p => p.Value.Values.ToArray(), StringComparer.Ordinal);
    }
}
