using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;
using Microsoft.Extensions.DependencyInjection;
using StreamRnn.Contracts;
using StreamRnn.Hosting.Health;
using StreamRnn.Kafka;

namespace StreamRnn.Silo.Tests.Faults;

/// <summary>
/// Broker faults injected into the embedded Kafka (librdkafka's mock cluster) while the two-silo pipeline ingests:
/// every reading produced must be applied exactly once by its sensor (its count and its last offset per partition).
/// </summary>
[Collection(BrokerFaultPipelineGroup.Name)]
public sealed class BrokerFaultTests(BrokerFaultPipelineFixture fixture)
{
    private const int Sensors = 24;
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private static readonly KafkaApiKey[] InjectedKeys = [KafkaApiKey.Produce, KafkaApiKey.Fetch, KafkaApiKey.OffsetCommit];

    [Fact]
    public async Task Pipeline_EveryBrokerDownFor30Seconds_AppliesEachReadingOnceAndIsNotReadyUntilKafkaIsBack()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var ledger = new Ledger("bf-outage");
        using var producer = new ProducerBuilder<string, byte[]>(fixture.ProducerConfig()).Build();
        ledger.Record(await Task.WhenAll(ledger.Produce(producer, 0, 40, cancellationToken)));
        await AssertAppliedExactlyOnceAsync(ledger, cancellationToken);
        Assert.All(Reachabilities, r => Assert.True(r.IsReady));

        var downAt = DateTime.UtcNow;
        SetEveryBroker(down: true);
        List<Task<DeliveryResult<string, byte[]>>> during;
        try
        {
            during = ledger.Produce(producer, 40, 80, cancellationToken);
            var notReady = await PipelineFixture.EventuallyAsync(() => Task.FromResult(Reachabilities.All(r => !r.IsReady)), Outage, cancellationToken);
            Assert.True(notReady, "a silo stayed ready while every broker was down");

            // The outage lasts its full 30 s (the fault's length, not a wait for something to happen).
            var left = Outage - (DateTime.UtcNow - downAt);
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left, cancellationToken);
            }

            Assert.DoesNotContain(during, delivery => delivery.IsCompleted);
            Assert.All(Reachabilities, r => Assert.False(r.IsReady));
        }
        finally
        {
            SetEveryBroker(down: false);
        }

        ledger.Record(await Task.WhenAll(during).WaitAsync(Deadline, cancellationToken));
        await AssertAppliedExactlyOnceAsync(ledger, cancellationToken);
        var ready = await PipelineFixture.EventuallyAsync(() => Task.FromResult(Reachabilities.All(r => r.IsReady)), Deadline, cancellationToken);
        Assert.True(ready, "a silo did not turn ready again after the brokers came back");
    }

    [Fact]
    public async Task Pipeline_LeadersMovingAndProduceFetchCommitErrors_AppliesEachReadingOnce()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var ledger = new Ledger("bf-moving");
        using var producer = new ProducerBuilder<string, byte[]>(fixture.ProducerConfig()).Build();
        using var moving = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var moves = MoveLeadersAsync(TimeSpan.FromSeconds(2), moving.Token);
        try
        {
            var next = 0;
            for (var round = 0; round < 5; round++)
            {
                // Pushed first, tracked after: once each type has had 3 requests tracked, every error queued for it was taken.
                fixture.Kafka.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.NotLeaderForPartition, ErrorCode.NotEnoughReplicas, ErrorCode.LeaderNotAvailable);
                fixture.Kafka.PushRequestErrors(KafkaApiKey.Fetch, ErrorCode.NotLeaderForPartition, ErrorCode.UnknownTopicOrPart, ErrorCode.Local_Transport);
                fixture.Kafka.PushRequestErrors(KafkaApiKey.OffsetCommit, ErrorCode.NotCoordinatorForGroup, ErrorCode.GroupCoordinatorNotAvailable, ErrorCode.GroupLoadInProgress);
                fixture.Kafka.StartRequestTracking();
                ledger.Record(await Task.WhenAll(ledger.Produce(producer, next, next + 20, cancellationToken)).WaitAsync(Deadline, cancellationToken));
                next += 20;

                // Each round is applied (and so checkpointed and committed, through the commit errors) before the next; one
                // more step at a time until every injected error has been met.
                var deadline = DateTime.UtcNow + Deadline;
                while (true)
                {
                    Assert.True(await AllAppliedAsync(ledger, cancellationToken), $"round {round} was not applied in time");
                    if (InjectedKeys.All(key => fixture.Kafka.CountRequests(key) >= 3))
                    {
                        break;
                    }

                    Assert.True(DateTime.UtcNow < deadline, $"round {round}: the injected errors were not all met in time");
                    ledger.Record(await Task.WhenAll(ledger.Produce(producer, next, next + 1, cancellationToken)).WaitAsync(Deadline, cancellationToken));
                    next++;
                }
            }
        }
        finally
        {
            fixture.Kafka.StopRequestTracking();
            await moving.CancelAsync();
            await moves;
            fixture.Kafka.ClearRequestErrors(KafkaApiKey.Produce);
            fixture.Kafka.ClearRequestErrors(KafkaApiKey.Fetch);
            fixture.Kafka.ClearRequestErrors(KafkaApiKey.OffsetCommit);
        }

        await AssertAppliedExactlyOnceAsync(ledger, cancellationToken);
        Assert.All(Reachabilities, r => Assert.True(r.IsReady));
    }

    private IEnumerable<KafkaReachability> Reachabilities => fixture.Cluster.Silos.Select(s => s.ServiceProvider.GetRequiredService<KafkaReachability>());

    private void SetEveryBroker(bool down)
    {
        for (var broker = 1; broker <= fixture.Kafka.BrokerCount; broker++)
        {
            if (down)
            {
                fixture.Kafka.SetBrokerDown(broker);
            }
            else
            {
                fixture.Kafka.SetBrokerUp(broker);
            }
        }
    }

    /// <summary>Every <paramref name="interval"/>, each partition of the readings and alerts topics gets a leader picked at random.</summary>
    private async Task MoveLeadersAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        var random = new Random(13);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                for (var partition = 0; partition < PipelineFixture.Partitions; partition++)
                {
                    fixture.Kafka.SetPartitionLeader(PipelineFixture.ReadingsTopic, partition, random.Next(1, fixture.Kafka.BrokerCount + 1));
                }

                for (var partition = 0; partition < 2; partition++)
                {
                    fixture.Kafka.SetPartitionLeader(PipelineFixture.AlertsTopic, partition, random.Next(1, fixture.Kafka.BrokerCount + 1));
                }

                await Task.Delay(interval, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> AllAppliedAsync(Ledger ledger, CancellationToken cancellationToken) =>
        await PipelineFixture.EventuallyAsync(
            async () => (await SnapshotsAsync(ledger, cancellationToken)).All(pair => pair.Value.ReadingsApplied >= ledger.Count(pair.Key)),
            Deadline,
            cancellationToken);

    private async Task AssertAppliedExactlyOnceAsync(Ledger ledger, CancellationToken cancellationToken)
    {
        Assert.True(await AllAppliedAsync(ledger, cancellationToken), "not every reading was applied in time");
        var snapshots = await SnapshotsAsync(ledger, cancellationToken);
        Assert.All(ledger.SensorIds, id =>
        {
            Assert.Equal(ledger.Count(id), snapshots[id].ReadingsApplied);
            Assert.Equal(ledger.LastOffsets(id).OrderBy(p => p.Key), snapshots[id].AppliedOffsets.OrderBy(p => p.Key));
        });
    }

    private async Task<Dictionary<string, SensorSnapshot>> SnapshotsAsync(Ledger ledger, CancellationToken cancellationToken)
    {
        var snapshots = new Dictionary<string, SensorSnapshot>();
        foreach (var id in ledger.SensorIds)
        {
            snapshots[id] = await fixture.Client.GetGrain<ISensorGrain>(id).GetSnapshotAsync(cancellationToken);
        }

        return snapshots;
    }

    /// <summary>What was produced and acknowledged: per sensor, how many readings and the last offset in each partition.</summary>
    private sealed class Ledger(string prefix)
    {
        private readonly Dictionary<string, int> _counts = [];
        private readonly Dictionary<string, Dictionary<int, long>> _lastOffsets = [];

        public IEnumerable<string> SensorIds => Enumerable.Range(0, Sensors).Select(Id);

        public int Count(string id) => _counts.GetValueOrDefault(id);

        public Dictionary<int, long> LastOffsets(string id) => _lastOffsets.GetValueOrDefault(id) ?? [];

        /// <summary>Steps [<paramref name="from"/>, <paramref name="to"/>) of every sensor, a smooth series one minute apart.</summary>
        public List<Task<DeliveryResult<string, byte[]>>> Produce(IProducer<string, byte[]> producer, int from, int to, CancellationToken cancellationToken)
        {
            var deliveries = new List<Task<DeliveryResult<string, byte[]>>>();
            for (var step = from; step < to; step++)
            {
                for (var sensor = 0; sensor < Sensors; sensor++)
                {
                    var value = 50 + (10 * Math.Sin((step / 8.0) + sensor));
                    var message = new Message<string, byte[]> { Key = Id(sensor), Value = ReadingCodec.Serialize(Start.AddMinutes(step), [value]) };
                    deliveries.Add(producer.ProduceAsync(PipelineFixture.ReadingsTopic, message, cancellationToken));
                }
            }

            return deliveries;
        }

        public void Record(IEnumerable<DeliveryResult<string, byte[]>> delivered)
        {
            foreach (var result in delivered)
            {
                Assert.Equal(PersistenceStatus.Persisted, result.Status);
                _counts[result.Message.Key] = Count(result.Message.Key) + 1;
                var offsets = _lastOffsets.TryGetValue(result.Message.Key, out var known) ? known : _lastOffsets[result.Message.Key] = [];
                offsets[result.Partition.Value] = Math.Max(offsets.GetValueOrDefault(result.Partition.Value, -1), result.Offset.Value);
            }
        }

        private string Id(int sensor) => $"{prefix}-{sensor:D2}";
    }
}
