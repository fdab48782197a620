using System.Collections.Concurrent;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using StreamRnn.Contracts;
using StreamRnn.Hosting.Ingest;
using StreamRnn.Kafka;

namespace StreamRnn.Silo.Tests.Fuzz;

/// <summary>
/// 100,000+ generated messages, every kind of bad input interleaved with good traffic, through the real pipeline (the
/// embedded Kafka and a two-silo cluster): no silo stops, every rejected message is on the dead-letter topic (once, unless a silo counted a redelivery) with
/// the reason its kind calls for, and every good sensor applied exactly the readings it was sent.
/// </summary>
[Collection(FuzzPipelineGroup.Name)]
public sealed class IngestFuzzTests(FuzzPipelineFixture fixture)
{
    private const int Seed = 13;
    private const int GoodSensors = 10;
    private const int GoodReadings = 5_000;
    private const int BadMessages = 95_000;

    [Fact]
    public async Task Ingest_HundredThousandFuzzedMessagesAmongGoodTraffic_DeadLettersEachBadOneWithItsReasonAndAppliesTheGoodExactly()
    {
        var ct = TestContext.Current.CancellationToken;
        var start = DateTimeOffset.UtcNow.AddDays(-120);
        start = new DateTimeOffset(start.Year, start.Month, start.Day, 0, 0, 0, TimeSpan.Zero);
        var messages = new FuzzMessages(Seed, start).Generate(GoodSensors, GoodReadings, BadMessages);
        Assert.True(messages.Count >= 100_000, $"{messages.Count} messages");

        // Dead letters are read while they are written: the mock cluster keeps only the last 5 MB or so of a partition.
        using var deadLetters = new DeadLetterReader(fixture);
        var sources = await ProduceAsync(messages, ct);

        // Every good sensor applies exactly what it was sent.
        var expected = messages.Where(m => m.GoodSensor is not null).GroupBy(m => m.GoodSensor!).ToDictionary(g => g.Key, g => (long)g.Count());
        var applied = new Dictionary<string, long>();
        var settled = await PipelineFixture.EventuallyAsync(
            async () =>
            {
                foreach (var (sensorId, count) in expected)
                {
                    if (applied.GetValueOrDefault(sensorId) != count)
                    {
                        applied[sensorId] = (await fixture.Client.GetGrain<ISensorGrain>(sensorId).GetSnapshotAsync(ct)).ReadingsApplied;
                    }
                }

                return expected.All(pair => applied[pair.Key] == pair.Value);
            },
            TimeSpan.FromMinutes(8),
            ct);
        Assert.True(settled, string.Join(", ", expected.Where(p => applied.GetValueOrDefault(p.Key) != p.Value).Select(p => $"{p.Key}: {applied.GetValueOrDefault(p.Key)} of {p.Value}")));

        // Values of several MB, one at a time, each dead-lettered before the next.
        var generator = new FuzzMessages(Seed + 1, start);
        foreach (var megabytes in generator.MegabyteValues())
        {
            var source = Assert.Single(await ProduceAsync([megabytes], ct));
            sources.Add(source.Key, source.Value);
            messages.Add(megabytes);
            Assert.True(await PipelineFixture.EventuallyAsync(() => Task.FromResult(deadLetters.Letters.ContainsKey(source.Key)), TimeSpan.FromMinutes(2), ct), "a value of several MB was not dead-lettered");
        }

        // Every bad message is dead-lettered once, with a reason its kind allows; nothing good is.
        var bad = sources.Where(s => s.Value.GoodSensor is null).ToDictionary(s => s.Key, s => s.Value);
        Assert.True(await PipelineFixture.EventuallyAsync(() => Task.FromResult(deadLetters.Letters.Count >= bad.Count), TimeSpan.FromMinutes(3), ct), $"{deadLetters.Letters.Count} dead letters of {bad.Count}");
        var letters = await deadLetters.SettleAsync(fixture, ct);
        var unexpected = letters.Keys.Where(source => !bad.ContainsKey(source)).ToList();
        Assert.True(unexpected.Count == 0, $"{unexpected.Count} dead letters of good readings, e.g. {string.Join(", ", unexpected.Take(3))}");
        var missing = bad.Where(pair => !letters.ContainsKey(pair.Key)).Select(pair => pair.Value.Kind).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} bad messages not dead-lettered: {string.Join(", ", missing.GroupBy(k => k).Select(g => $"{g.Key}×{g.Count()}"))}");
        var wrong = bad.Where(pair => !pair.Value.Reasons.Contains(letters[pair.Key].Reason)).Select(pair => $"{pair.Value.Kind}→{letters[pair.Key].Reason}").ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} with another reason: {string.Join(", ", wrong.GroupBy(k => k).Select(g => $"{g.Key}×{g.Count()}"))}");
        // A dead letter is written again only where ingest left read messages uncommitted for a replay that another
        // silo took over (a partition revoked or lost before a checkpoint, a failed commit); the silos count those.
        var duplicated = letters.Where(pair => pair.Value.Copies > 1).ToList();
        var redeliveries = fixture.Cluster.Silos.Sum(silo => silo.ServiceProvider.GetRequiredService<IngestTelemetry>().RedeliveriesTotal);
        TestContext.Current.TestOutputHelper?.WriteLine($"{letters.Count} dead letters, {duplicated.Count} written more than once; {redeliveries} redelivery event(s)");
        Assert.True(
            duplicated.Count == 0 || redeliveries > 0,
            $"{duplicated.Count} dead letters written more than once with no redelivery, e.g. {string.Join(", ", duplicated.Take(3).Select(pair => $"{pair.Key} ({pair.Value.Reason}) ×{pair.Value.Copies}"))}");
        Assert.All(letters.Values, letter => Assert.True(letter.ValueBytes <= DeadLetterHeaders.MaxValueBytes, $"{letter.ValueBytes} bytes"));

        // Both silos are still in the cluster (the values of several MB above were taken after all the rest, so ingest
        // still ran), and every kind of bad input was tried.
        Assert.Equal(2, fixture.Cluster.Silos.Count);
        Assert.Equal(20, messages.Select(m => m.Kind).Distinct().Count());
    }

    private async Task<Dictionary<TopicPartitionOffset, FuzzMessage>> ProduceAsync(List<FuzzMessage> messages, CancellationToken cancellationToken)
    {
        var config = fixture.ProducerConfig();
        config.MessageMaxBytes = 8_000_000;
        config.LingerMs = 20;
        var sources = new ConcurrentDictionary<TopicPartitionOffset, FuzzMessage>();
        var failures = new ConcurrentQueue<string>();
        using (var producer = new ProducerBuilder<byte[]?, byte[]>(config).Build())
        {
            foreach (var message in messages)
            {
                producer.Produce(PipelineFixture.ReadingsTopic, new Message<byte[]?, byte[]> { Key = message.Key, Value = message.Value }, report =>
                {
                    if (report.Error.IsError)
                    {
                        failures.Enqueue(report.Error.Reason);
                    }
                    else
                    {
                        sources[report.TopicPartitionOffset] = message;
                    }
                });
            }

            await Task.Run(() => producer.Flush(TimeSpan.FromMinutes(2)), cancellationToken);
        }

        Assert.Empty(failures);
        Assert.Equal(messages.Count, sources.Count);
        return new Dictionary<TopicPartitionOffset, FuzzMessage>(sources);
    }

    /// <summary>Reads the dead-letter topic on its own thread from the start, recording each letter by its source.</summary>
    private sealed class DeadLetterReader : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread _thread;
        private readonly IConsumer<byte[]?, byte[]?> _consumer;
        private readonly HashSet<TopicPartitionOffset> _read = [];
        private long _consumed;

        public DeadLetterReader(PipelineFixture fixture)
        {
            _consumer = new ConsumerBuilder<byte[]?, byte[]?>(fixture.ConsumerConfig("fuzz-dlq")).Build();
            _consumer.Subscribe(PipelineFixture.DeadLetterTopic);
            _thread = new Thread(Run) { IsBackground = true, Name = "fuzz dead letters" };
            _thread.Start();
        }

        public ConcurrentDictionary<TopicPartitionOffset, (string Reason, int Copies, int ValueBytes)> Letters { get; } = new();

        public int Malformed { get; private set; }

        public long Consumed => Interlocked.Read(ref _consumed);

        /// <summary>
        /// Reads on until every message written to the topic so far is read (its high watermarks), then stops: a
        /// second copy of a dead letter would be among them.
        /// </summary>
        public async Task<Dictionary<TopicPartitionOffset, (string Reason, int Copies, int ValueBytes)>> SettleAsync(PipelineFixture fixture, CancellationToken cancellationToken)
        {
            long written;
            using (var probe = new ConsumerBuilder<byte[]?, byte[]?>(fixture.ConsumerConfig("fuzz-dlq-probe")).Build())
            {
                written = Enumerable.Range(0, FuzzPipelineFixture.DeadLetterPartitionCount)
                    .Sum(p => probe.QueryWatermarkOffsets(new TopicPartition(PipelineFixture.DeadLetterTopic, p), TimeSpan.FromSeconds(10)).High.Value);
            }

            Assert.True(await PipelineFixture.EventuallyAsync(() => Task.FromResult(Consumed >= written), TimeSpan.FromMinutes(1), cancellationToken), $"read {Consumed} of {written} dead letters");
            Dispose();
            Assert.Equal(0, Malformed);
            return new Dictionary<TopicPartitionOffset, (string Reason, int Copies, int ValueBytes)>(Letters);
        }

        public void Dispose()
        {
            if (!_stop.IsCancellationRequested)
            {
                _stop.Cancel();
                _thread.Join();
                _consumer.Close();
                _consumer.Dispose();
            }
        }

        private void Run()
        {
            while (!_stop.IsCancellationRequested)
            {
                var result = _consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (result?.Message is not { } message)
                {
                    continue;
                }

                if (!_read.Add(result.TopicPartitionOffset))
                {
                    // This reader's own redelivery (its group rebalanced), not a second dead letter.
                    continue;
                }

                Interlocked.Increment(ref _consumed);
                if (!DeadLetterHeaders.TryParse(message.Headers, out var info))
                {
                    Malformed++;
                    continue;
                }

                var reason = info.Reason.ToCode();
                var bytes = message.Value?.Length ?? 0;
                Letters.AddOrUpdate(info.Source, (reason, 1, bytes), (_, seen) => (reason, seen.Copies + 1, Math.Max(bytes, seen.ValueBytes)));
            }
        }
    }
}

/// <summary>The pipeline with its own embedded Kafka and cluster, so the fuzz traffic meets no other test's.</summary>
public sealed class FuzzPipelineFixture : PipelineFixture
{
    public const int DeadLetterPartitionCount = 8;

    protected override int DeadLetterPartitions => DeadLetterPartitionCount;
}

[CollectionDefinition(Name)]
public sealed class FuzzPipelineGroup : ICollectionFixture<FuzzPipelineFixture>
{
    public const string Name = "fuzz-pipeline";
}
