using System.Collections.Immutable;
using StreamRnn.Contracts;

namespace StreamRnn.Grains.Tests.Alerts;

/// <summary>
/// Suppression windows on a real cluster whose clock is <see cref="FakeClockClusterFixture.Clock"/>: a sensor limited to
/// 100 raises an out-of-range start at each reading above it after one inside it.
/// </summary>
[Collection(FakeClockClusterGroup.Name)]
public sealed class AlertSuppressionTests(FakeClockClusterFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static SensorReadingBatch Batch(long firstOffset, params double[] values) =>
        new([.. values.Select((value, i) => new SensorReading(0, firstOffset + i, Start.AddMinutes(firstOffset + i), [value]))]);

    private async Task<ISensorGrain> LimitedSensorAsync(string sensorId, CancellationToken ct)
    {
        var sensor = fixture.Client.GetGrain<ISensorGrain>(sensorId);
        await sensor.SetSettingsAsync(ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("MaxValue", "100")]), ct);
        return sensor;
    }

    private AlertAction Lift(string by, string reason) => new(by, reason, fixture.Clock.GetUtcNow());

    private AlertSuppression For(string? sensorId, AlertKind? kind, TimeSpan duration) =>
        new(sensorId, kind, fixture.Clock.GetUtcNow() + duration, new AlertAction("ana", "maintenance", fixture.Clock.GetUtcNow()));

    [Fact]
    public async Task ApplyAsync_SuppressedSensor_StillScoresAndRecordsButDoesNotPublish()
    {
        var ct = TestContext.Current.CancellationToken;
        var sensor = await LimitedSensorAsync("suppressed-sensor", ct);
        await fixture.Client.SuppressAsync(For("suppressed-sensor", null, TimeSpan.FromMinutes(30)), ct);

        var applied = await sensor.ApplyAsync(Batch(0, 50, 60, 150, 70), ct);

        Assert.Equal(4, applied.Applied);
        Assert.Equal(4, fixture.ScoreSink.For("suppressed-sensor").Count);
        Assert.Empty(fixture.AlertSink.For("suppressed-sensor"));
        var record = Assert.Single(await fixture.Client.ListAlertsAsync(new AlertQuery(SensorId: "suppressed-sensor"), ct));
        Assert.Equal((AlertState.Resolved, "ana", "maintenance", AlertAction.Sensor), (record.State, record.Suppressed!.By, record.Suppressed.Reason, record.Resolved!.By));
        Assert.Equal([AlertTransitionKind.Suppressed, AlertTransitionKind.Resolved], fixture.AlertEvents.For("suppressed-sensor").Select(e => e.Transition));
    }

    [Fact]
    public async Task ApplyAsync_SuppressedAlertResolvedByOperatorThenEnded_EndNotPublishedEither()
    {
        var ct = TestContext.Current.CancellationToken;
        var sensor = await LimitedSensorAsync("suppressed-resolved", ct);
        await fixture.Client.SuppressAsync(For("suppressed-resolved", null, TimeSpan.FromMinutes(30)), ct);
        await sensor.ApplyAsync(Batch(0, 50, 150), ct);
        var suppressed = Assert.Single(await fixture.Client.ListAlertsAsync(new AlertQuery(AlertState.Suppressed, "suppressed-resolved"), ct));

        var resolved = await fixture.Client.ResolveAsync(suppressed.AlertId, "ana", "known fault", ct);
        await sensor.ApplyAsync(Batch(2, 60), ct);

        Assert.Equal((AlertState.Resolved, "ana"), (resolved.State, resolved.Resolved!.By));
        Assert.Empty(fixture.AlertSink.For("suppressed-resolved"));
        Assert.Equal("ana", (await fixture.Client.GetGrain<IAlertGrain>(suppressed.AlertId).GetAsync(ct))!.Resolved!.By);
    }

    [Fact]
    public async Task ApplyAsync_SuppressionWindowExpires_NextAlertOpensAndIsPublished()
    {
        var ct = TestContext.Current.CancellationToken;
        var sensor = await LimitedSensorAsync("suppression-expiry", ct);
        await fixture.Client.SuppressAsync(For("suppression-expiry", AlertKind.OutOfRange, TimeSpan.FromMinutes(10)), ct);
        await sensor.ApplyAsync(Batch(0, 50, 60, 150), ct);
        var inside = Assert.Single(await fixture.Client.ListAlertsAsync(new AlertQuery(AlertState.Suppressed, "suppression-expiry"), ct));
        Assert.Contains(await fixture.Client.ListSuppressionsAsync(ct), s => s.SensorId == "suppression-expiry");

        fixture.Clock.Advance(TimeSpan.FromMinutes(10));
        await sensor.ApplyAsync(Batch(3, 70, 160), ct);

        var open = Assert.Single(await fixture.Client.ListAlertsAsync(new AlertQuery(AlertState.Open, "suppression-expiry"), ct));
        Assert.Equal(4, open.Raised.SourceOffset);
        Assert.Equal([open.AlertId], fixture.AlertSink.For("suppression-expiry").Select(a => a.AlertId));
        Assert.DoesNotContain(await fixture.Client.ListSuppressionsAsync(ct), s => s.SensorId == "suppression-expiry");
        Assert.Equal(AlertState.Resolved, (await fixture.Client.GetGrain<IAlertGrain>(inside.AlertId).GetAsync(ct))!.State);
    }

    [Fact]
    public async Task SuppressAsync_KindOnEverySensor_HoldsBackThatKindUntilUnsuppressed()
    {
        var ct = TestContext.Current.CancellationToken;
        var sensors = new[] { "kind-suppressed-a", "kind-suppressed-b" };
        await fixture.Client.SuppressAsync(For(null, AlertKind.OutOfRange, TimeSpan.FromHours(1)), ct);
        try
        {
            foreach (var id in sensors)
            {
                await (await LimitedSensorAsync(id, ct)).ApplyAsync(Batch(0, 50, 150), ct);
            }

            Assert.All(sensors, id => Assert.Empty(fixture.AlertSink.For(id)));
            Assert.All(sensors, id => Assert.Equal(AlertState.Suppressed, Assert.Single(fixture.AlertEvents.For(id)).State));
        }
        finally
        {
            Assert.NotNull(await fixture.Client.UnsuppressAsync(null, AlertKind.OutOfRange, Lift("ana", "maintenance over"), ct));
        }

        var sensor = fixture.Client.GetGrain<ISensorGrain>(sensors[0]);
        await sensor.ApplyAsync(Batch(2, 60, 170), ct);
        Assert.Single(fixture.AlertSink.For(sensors[0]), a => a.Phase == AlertPhase.Start);
        Assert.Null(await fixture.Client.UnsuppressAsync(null, AlertKind.OutOfRange, Lift("ana", "again"), ct));
    }

    [Fact]
    public async Task UnsuppressAsync_SensorSuppression_LiftedWithWhoAndWhyKeptAndPublishedOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var sensor = await LimitedSensorAsync("lifted-sensor", ct);
        var made = For("lifted-sensor", null, TimeSpan.FromHours(1));
        await fixture.Client.SuppressAsync(made, ct);

        var lifted = await fixture.Client.UnsuppressAsync("lifted-sensor", null, Lift("bo", "pump repaired"), ct);
        await sensor.ApplyAsync(Batch(0, 50, 150), ct);

        Assert.Equal(("bo", "pump repaired"), (lifted!.Lifted!.By, lifted.Lifted.Reason));
        Assert.DoesNotContain(await fixture.Client.ListSuppressionsAsync(ct), s => s.SensorId == "lifted-sensor");
        var kept = Assert.Single(await fixture.Client.ListLiftedSuppressionsAsync(ct), s => s.SensorId == "lifted-sensor");
        Assert.Equal((made.Made, "bo"), (kept.Made, kept.Lifted!.By));
        var published = fixture.AlertEvents.Suppressions.Where(e => e.SensorId == "lifted-sensor").ToList();
        Assert.Equal([SuppressionTransitionKind.SuppressionMade, SuppressionTransitionKind.SuppressionLifted], published.Select(e => e.Transition));
        Assert.Equal(("bo", "pump repaired", made.Until), (published[1].By, published[1].Reason, published[1].Until));
        Assert.Single(fixture.AlertSink.For("lifted-sensor"), a => a.Phase == AlertPhase.Start);
    }

    [Fact]
    public async Task UnsuppressAsync_KindOnEverySensor_OneEventFromSixteenShards()
    {
        var ct = TestContext.Current.CancellationToken;
        await fixture.Client.SuppressAsync(For(null, AlertKind.Spike, TimeSpan.FromHours(1)), ct);

        await fixture.Client.UnsuppressAsync(null, AlertKind.Spike, Lift("cy", "storm over"), ct);

        var published = fixture.AlertEvents.Suppressions.Where(e => e.SensorId is null && e.Kind == AlertKind.Spike).ToList();
        Assert.Equal([SuppressionTransitionKind.SuppressionMade, SuppressionTransitionKind.SuppressionLifted], published.Select(e => e.Transition));
        Assert.Single(await fixture.Client.ListLiftedSuppressionsAsync(ct), s => s.SensorId is null && s.Kind == AlertKind.Spike);
    }
}
