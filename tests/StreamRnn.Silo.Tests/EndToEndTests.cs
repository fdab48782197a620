using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using StreamRnn.Client;
using StreamRnn.Contracts;
using StreamRnn.Grains;
using StreamRnn.Hosting;
using StreamRnn.Kafka;
using StreamRnn.Silo.Demo;

namespace StreamRnn.Silo.Tests;

[Collection(PipelineGroup.Name)]
public sealed class EndToEndTests(PipelineFixture fixture)
{
    private const int SensorCount = 120;
    private const int Steps = 600;
    private const int FailsAtStep = 400;
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly (string Key, string Value, DeadLetterReason Reason)[] InvalidReadings =
    [
        ("e2e-bad-json", "{\"timestamp\":\"2026-03-01T00:00:00Z\",\"value\":", DeadLetterReason.InvalidJson),
        ("e2e-bad-text", "{\"timestamp\":\"2026-03-01T00:00:00Z\",\"value\":\"high\"}", DeadLetterReason.NonNumeric),
        ("e2e-bad-nan", "{\"timestamp\":\"2026-03-01T00:00:00Z\",\"value\":\"NaN\"}", DeadLetterReason.NonFinite),
        ("e2e-bad-inf", "{\"timestamp\":\"2026-03-01T00:00:00Z\",\"value\":1e999}", DeadLetterReason.NonFinite),
        ("e2e-bad-channels", "{\"timestamp\":\"2026-03-01T00:00:00Z\",\"value\":[1.0,2.0]}", DeadLetterReason.ChannelMismatch),
        ("e2e-bad-time", "{\"timestamp\":\"yesterday\",\"value\":1.0}", DeadLetterReason.BadTimestamp),
        ("e2e-no-time", "{\"value\":1.0}", DeadLetterReason.MissingTimestamp),
        ("e2e-no-value", "{\"timestamp\":\"2026-03-01T00:00:00Z\"}", DeadLetterReason.MissingValue),
        ("e2e-oversized", "{\"timestamp\":\"2026-03-01T00:00:00Z\",\"value\":1.0,\"pad\":\"" + new string('x', 5000) + "\"}", DeadLetterReason.Oversized),
    ];

    [Fact]
    public async Task Pipeline_FleetWithFailuresAndInvalidReadings_AppliesEachReadingOnceAlertsOnFailuresAndDeadLettersInvalid()
    {
        var ct = TestContext.Current.CancellationToken;
        var fleet = SyntheticFleet.Create(SensorCount, FailsAtStep, seed: 11, prefix: "e2e");
        var produced = fleet.ToDictionary(s => s.Id, _ => 0);

        // The silos' summary totals before this test (other tests of the collection ran on these silos).
        var readingsBefore = Counters.Sum(c => c.Readings);
        var alertsBefore = Counters.Sum(c => c.Alerts);

        using (var replay = new ReplayProducer(fixture.ProducerConfig(), PipelineFixture.ReadingsTopic))
        using (var raw = new ProducerBuilder<byte[]?, byte[]>(fixture.ProducerConfig()).Build())
        {
            for (var step = 0; step < Steps; step++)
            {
                foreach (var sensor in fleet)
                {
                    if (sensor.ValueAt(step) is { } value)
                    {
                        replay.Produce(sensor.Id, Start.AddMinutes(step), [value]);
                        produced[sensor.Id]++;
                    }
                }

                if (step % 30 == 0 && step / 30 < InvalidReadings.Length)
                {
                    var (key, payload, _) = InvalidReadings[step / 30];
                    raw.Produce(PipelineFixture.ReadingsTopic, new Message<byte[]?, byte[]> { Key = Encoding.UTF8.GetBytes(key), Value = Encoding.UTF8.GetBytes(payload) });
                }
            }

            raw.Produce(PipelineFixture.ReadingsTopic, new Message<byte[]?, byte[]> { Key = null, Value = Encoding.UTF8.GetBytes("{\"timestamp\":\"2026-03-01T00:00:00Z\",\"value\":1.0,\"marker\":\"e2e-no-key\"}") });
            replay.Flush(ct);
            raw.Flush(ct);
            Assert.Equal(0, replay.Failed);
        }

        // Every valid reading applied exactly once, per sensor.
        var snapshots = new Dictionary<string, SensorSnapshot>();
        var allApplied = await PipelineFixture.EventuallyAsync(async () =>
        {
            foreach (var sensor in fleet)
            {
                snapshots[sensor.Id] = await fixture.Client.GetGrain<ISensorGrain>(sensor.Id).GetSnapshotAsync(ct);
            }

            return fleet.All(s => snapshots[s.Id].ReadingsApplied >= produced[s.Id]);
        }, TimeSpan.FromMinutes(3), ct);
        Assert.True(allApplied, "not every reading was applied in time");
        Assert.All(fleet, s => Assert.Equal(produced[s.Id], snapshots[s.Id].ReadingsApplied));

        // Every invalid reading is in the dead-letter topic with its reason and source. Dead-lettering is
        // at least once (a silo may die between the write and the commit), so copies are allowed, but
        // every copy must point at the same source message.
        var deadLetters = ConsumeUntil(PipelineFixture.DeadLetterTopic, "e2e-dlq", IsOurDeadLetter, found => DeadLetterKeys(found).Count == InvalidReadings.Length + 1, ct);
        foreach (var (key, _, reason) in InvalidReadings)
        {
            AssertDeadLettered(deadLetters.Where(m => m.Key is not null && Encoding.UTF8.GetString(m.Key) == key).ToList(), reason);
        }

        AssertDeadLettered(deadLetters.Where(m => m.Key is null).ToList(), DeadLetterReason.MissingKey);

        // Alerts on Kafka: exactly the events the sensors started (each also has its updates and end), with deterministic ids.
        var raised = snapshots.Values.Sum(s => s.AlertsRaised);
        static int Starts(IEnumerable<Message<byte[]?, byte[]?>> messages) => messages.Count(m => SensorAlertJson.Deserialize(m.Value)!.Phase == AlertPhase.Start);
        var alertMessages = ConsumeUntil(PipelineFixture.AlertsTopic, "e2e-alerts", m => m.Key is not null && Encoding.UTF8.GetString(m.Key).StartsWith("e2e-", StringComparison.Ordinal), found => Starts(found) >= raised, ct);
        var allAlerts = alertMessages.Select(m => SensorAlertJson.Deserialize(m.Value)!).ToList();
        Assert.All(allAlerts, a => Assert.Equal(AlertIds.Create(a.SensorId, a.SourcePartition, a.SourceOffset, a.Kind, a.Phase), a.AlertId));
        var alerts = allAlerts.Where(a => a.Phase == AlertPhase.Start).ToList();
        Assert.Equal(raised, alerts.Count);

        // Every start and update on Kafka says why it fired; an end does not.
        Assert.All(allAlerts, a => Assert.Equal(a.Phase != AlertPhase.End, a.Explanation is not null));
        Assert.All(alerts.Where(a => a.Kind == AlertKind.Stuck), a => Assert.Equal(("stuckValue", "runLength"), (a.Explanation!.Detector, a.Explanation.Measure)));

        // The summary line's totals: readings applied, and alert events started (not every alert
        // message: the events also published updates and ends).
        Assert.True(allAlerts.Count > alerts.Count, "no alert update or end was published, so the count below proves nothing");
        Assert.Equal(produced.Values.Sum(), Counters.Sum(c => c.Readings) - readingsBefore);
        Assert.Equal(raised, Counters.Sum(c => c.Alerts) - alertsBefore);

        var alerted = alerts.Select(a => a.SensorId).ToHashSet();
        var failing = fleet.Where(s => s.Failure is SensorFailure.Stuck or SensorFailure.Spike or SensorFailure.Drift).ToList();
        var missed = failing.Where(s => !alerted.Contains(s.Id)).Select(s => $"{s.Id} ({s.Failure})").ToList();
        Assert.True(missed.Count == 0, $"failing sensors without an alert: {string.Join(", ", missed)}");
        Assert.All(fleet.Where(s => s.Failure == SensorFailure.Stuck), s => Assert.Contains(alerts, a => a.SensorId == s.Id && a.Kind == AlertKind.Stuck));

        var healthy = fleet.Where(s => s.Failure == SensorFailure.None).ToList();
        var healthyAlerted = healthy.Count(s => alerted.Contains(s.Id));
        Assert.True(healthyAlerted <= healthy.Count / 5, $"{healthyAlerted} of {healthy.Count} healthy sensors alerted");
    }

    private IEnumerable<PipelineCounters> Counters => fixture.Cluster.Silos.Select(s => s.ServiceProvider.GetRequiredService<PipelineCounters>());

    private static void AssertDeadLettered(List<Message<byte[]?, byte[]?>> copies, DeadLetterReason reason)
    {
        Assert.NotEmpty(copies);
        var sources = copies.Select(m =>
        {
            Assert.True(DeadLetterHeaders.TryParse(m.Headers, out var info));
            Assert.Equal(reason, info.Reason);
            Assert.Equal(PipelineFixture.ReadingsTopic, info.Source.Topic);
            return info.Source;
        }).Distinct().ToList();
        Assert.Single(sources);
    }

    private static bool IsOurDeadLetter(Message<byte[]?, byte[]?> message) =>
        message.Key is null
            ? message.Value is not null && Encoding.UTF8.GetString(message.Value).Contains("e2e-no-key", StringComparison.Ordinal)
            : Encoding.UTF8.GetString(message.Key).StartsWith("e2e-", StringComparison.Ordinal);

    private static HashSet<string> DeadLetterKeys(List<Message<byte[]?, byte[]?>> messages) =>
        [.. messages.Select(m => m.Key is null ? "(no key)" : Encoding.UTF8.GetString(m.Key))];

    private List<Message<byte[]?, byte[]?>> ConsumeUntil(string topic, string group, Func<Message<byte[]?, byte[]?>, bool> filter, Func<List<Message<byte[]?, byte[]?>>, bool> done, CancellationToken cancellationToken)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(fixture.ConsumerConfig(group)).Build();
        consumer.Subscribe(topic);
        var found = new List<Message<byte[]?, byte[]?>>();
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!done(found) && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result?.Message is { } message && filter(message))
            {
                found.Add(message);
            }

            cancellationToken.ThrowIfCancellationRequested();
        }

        consumer.Close();
        return found;
    }
}
