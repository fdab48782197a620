using System.Globalization;
using Confluent.Kafka;
using StreamRnn.Client;
using StreamRnn.Contracts;
using StreamRnn.Evaluation;
using StreamRnn.Kafka;

namespace StreamRnn.Cli.Evaluation;

/// <summary>
/// Replays every NAB file as one sensor through Kafka into a running StreamRnn (in process or a cluster) and
/// collects the score each reading got from the scores topic, in row order. A reading its sensor refused (a timestamp
/// not later than the row before it: NAB's files have a few) is read from the dead-letter topic and scores 0, as a
/// detector that saw nothing would.
/// </summary>
internal static class NabReplayRun
{
    /// <summary>How often a progress line is written while replaying.</summary>
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(10);

    /// <summary>How long one wait for scores lasts while readings are held back (short: the replay goes on as soon as scores come).</summary>
    private static readonly TimeSpan CollectWait = TimeSpan.FromMilliseconds(100);

    /// <summary>How long one wait for the last scores lasts once every reading is produced.</summary>
    private static readonly TimeSpan FinalCollectWait = TimeSpan.FromMilliseconds(200);

    /// <summary>How long Kafka may take to answer a metadata or watermark request.</summary>
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The replay producer batches for this long (milliseconds): fewer, larger requests.</summary>
    private const int ProducerLingerMs = 20;

    // The embedded Kafka keeps about 5 MB per partition (librdkafka's mock cluster trims older messages), and a
    // score message is about 200 bytes: 5,000 readings ahead keeps every partition's backlog far below that.
    private const int InFlight = 5_000;

    /// <summary>The sensor id a NAB file is replayed as: its key without the extension (<c>realKnownCause/nyc_taxi</c>).</summary>
    public static string SensorId(NabFile file) => Path.ChangeExtension(file.Key, null).Replace('\\', '/');

    /// <summary>
    /// Produces every row of every file (as fast as Kafka takes them, order kept per sensor) and returns the scores by file
    /// key. A round of <paramref name="rounds"/> that is due runs between two files, once every score so far is collected,
    /// and the replay goes on when it returns; with <paramref name="interleave"/>, the files are replayed side by side,
    /// row r of every file that has one in turn (a fleet reading at once), and a due round runs between two such sweeps,
    /// so every sensor switches models in the middle of its series, as a live one does.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, double[]>> RunAsync(
        NabDataset dataset,
        string bootstrapServers,
        string readingsTopic,
        string scoresTopic,
        string deadLetterTopic,
        TimeSpan timeout,
        TextWriter log,
        EvaluationRounds? rounds,
        bool interleave,
        CancellationToken cancellationToken)
    {
        var consumerConfig = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "streamrnn-eval-" + Guid.NewGuid().ToString("N"),
            // The consumer starts at the end of every partition (below); a position the broker no longer holds means
            // scores were dropped unread, which must fail the run rather than skip them.
            AutoOffsetReset = AutoOffsetReset.Error,
            EnableAutoCommit = false,
        };
        using var consumer = new ConsumerBuilder<string, byte[]>(consumerConfig).Build();
        AssignAtEnd(consumer, bootstrapServers, scoresTopic);
        consumerConfig.GroupId += "-dlq";
        using var deadLetters = new ConsumerBuilder<byte[]?, byte[]?>(consumerConfig).Build();
        AssignAtEnd(deadLetters, bootstrapServers, deadLetterTopic);
        var refused = 0L;

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
            var result = Consume(consumer, wait);
            while (result?.Message is { } message)
            {
                if (SensorScoreJson.Deserialize(message.Value) is { } score
                    && scores.TryGetValue(score.SensorId, out var perSensor)
                    && perSensor.TryAdd((score.SourcePartition, score.SourceOffset), Math.Clamp(score.Score, 0, 1)))
                {
                    collected++;
                }

                result = Consume(consumer, TimeSpan.Zero);
            }

            // A reading its sensor refused never gets a score: it counts as scored 0.
            for (var letter = Consume(deadLetters, TimeSpan.Zero); letter?.Message is { } message; letter = Consume(deadLetters, TimeSpan.Zero))
            {
                if (message.Key is { } key
                    && System.Text.Encoding.UTF8.GetString(key) is var sensorId
                    && DeadLetterHeaders.TryParse(message.Headers, out var info)
                    && info.Source.Topic == readingsTopic
                    && scores.TryGetValue(sensorId, out var perSensor)
                    && perSensor.TryAdd((info.Source.Partition.Value, info.Source.Offset.Value), 0))
                {
                    collected++;
                    refused++;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                var missing = scores.Where(p => p.Value.Count < byId[p.Key].RowCount).Select(p => $"{p.Key} ({p.Value.Count}/{byId[p.Key].RowCount})");
                throw new TimeoutException($"Scores still missing after {timeout}: {string.Join(", ", missing)}.");
            }

            if (DateTime.UtcNow - lastReport > ProgressEvery)
            {
                lastReport = DateTime.UtcNow;
                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"readings produced {produced}/{dataset.RowCount}, scores {collected}")).ConfigureAwait(false);
            }
        }

        using (var replay = new ReplayProducer(new ProducerConfig { BootstrapServers = bootstrapServers, EnableIdempotence = true, Acks = Acks.All, LingerMs = ProducerLingerMs }, readingsTopic))
        {
            // As fast as the system takes them, but never more than InFlight readings ahead of their scores: the
            // embedded Kafka keeps a few megabytes per partition, and a reading it dropped unread would be lost.
            async Task ProduceAsync(NabFile file, int row)
            {
                replay.Produce(SensorId(file), new DateTimeOffset(DateTime.SpecifyKind(file.Timestamps[row], DateTimeKind.Utc)), [file.Values[row]]);
                produced++;
                while (produced - collected >= InFlight)
                {
                    replay.Flush(cancellationToken);
                    await CollectAsync(CollectWait).ConfigureAwait(false);
                }
            }

            async Task RoundIfDueAsync()
            {
                if (rounds is not null && rounds.IsDue(produced))
                {
                    replay.Flush(cancellationToken);
                    while (collected < produced)
                    {
                        await CollectAsync(CollectWait).ConfigureAwait(false);
                    }

                    await rounds.RunIfDueAsync(produced, cancellationToken).ConfigureAwait(false);
                }
            }

            if (interleave)
            {
                var longest = dataset.Files.Max(file => file.RowCount);
                for (var row = 0; row < longest; row++)
                {
                    foreach (var file in dataset.Files.Where(file => row < file.RowCount))
                    {
                        await ProduceAsync(file, row).ConfigureAwait(false);
                    }

                    await RoundIfDueAsync().ConfigureAwait(false);
                }
            }
            else
            {
                foreach (var file in dataset.Files)
                {
                    for (var row = 0; row < file.RowCount; row++)
                    {
                        await ProduceAsync(file, row).ConfigureAwait(false);
                    }

                    await RoundIfDueAsync().ConfigureAwait(false);
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
            await CollectAsync(FinalCollectWait).ConfigureAwait(false);
        }

        if (refused > 0)
        {
            await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{refused} readings were refused by their sensors (dead-lettered) and score 0")).ConfigureAwait(false);
        }

        consumer.Close();
        deadLetters.Close();
        return scores.ToDictionary(p => byId[p.Key].Key, p => p.Value.Values.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Assigns every partition of the topic at its current end, so no score is missed and none from an earlier run is read.</summary>
    private static void AssignAtEnd<TKey, TValue>(IConsumer<TKey, TValue> consumer, string bootstrapServers, string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var metadata = admin.GetMetadata(topic, MetadataTimeout).Topics.Single();
        if (metadata.Error.IsError)
        {
            throw new InvalidOperationException($"The scores topic '{topic}' cannot be read: {metadata.Error.Reason}.");
        }

        consumer.Assign(metadata.Partitions.Select(partition =>
        {
            var topicPartition = new TopicPartition(topic, partition.PartitionId);
            return new TopicPartitionOffset(topicPartition, consumer.QueryWatermarkOffsets(topicPartition, MetadataTimeout).High);
        }));
    }

    private static ConsumeResult<TKey, TValue>? Consume<TKey, TValue>(IConsumer<TKey, TValue> consumer, TimeSpan wait)
    {
        try
        {
            return consumer.Consume(wait);
        }
        catch (ConsumeException exception) when (exception.Error.Code == Confluent.Kafka.ErrorCode.Local_AutoOffsetReset)
        {
            throw new InvalidOperationException($"Scores were dropped by Kafka before they were read ({exception.Error.Reason}); the run is incomplete.", exception);
        }
    }
}
