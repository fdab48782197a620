using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using Orleans.Streams;
using StreamRnn.Contracts;

namespace StreamRnn.Grains.Tests.Alerts;

/// <summary>
/// The alert lifecycle on a real cluster: a sensor limited to 100 raises an out-of-range event at a reading of 150 and
/// ends it at the next reading inside the limit; the cluster's clock is <see cref="FakeClockClusterFixture.Clock"/>.
/// </summary>
[Collection(FakeClockClusterGroup.Name)]
public sealed class AlertLifecycleTests(FakeClockClusterFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static SensorReadingBatch Batch(long firstOffset, params double[] values) =>
        new([.. values.Select((value, i) => new SensorReading(0, firstOffset + i, Start.AddMinutes(firstOffset + i), [value]))]);

    /// <summary>A sensor limited to 100 that has raised one out-of-range start (offset 2), still open.</summary>
    private async Task<(ISensorGrain Sensor, AlertRecord Alert)> RaiseAsync(string sensorId, CancellationToken ct)
    {
        var sensor = fixture.Client.GetGrain<ISensorGrain>(sensorId);
        await sensor.SetSettingsAsync(ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("MaxValue", "100")]), ct);
        await sensor.ApplyAsync(Batch(0, 50, 60, 150), ct);
        var alert = Assert.Single(await fixture.Client.ListAlertsAsync(new AlertQuery(SensorId: sensorId), ct));
        return (sensor, alert);
    }

    [Fact]
    public async Task RaiseAsync_OutOfRangeStart_OpensAlertAndPublishesOpenedEvent()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, alert) = await RaiseAsync("lifecycle-open", ct);

        Assert.Equal(AlertState.Open, alert.State);
        Assert.Equal(AlertKind.OutOfRange, alert.Kind);
        Assert.Equal(AlertIds.Create("lifecycle-open", 0, 2, AlertKind.OutOfRange), alert.AlertId);
        Assert.Contains(fixture.AlertSink.For("lifecycle-open"), a => a.AlertId == alert.AlertId);
        var opened = Assert.Single(fixture.AlertEvents.For("lifecycle-open"));
        Assert.Equal((AlertTransitionKind.Opened, AlertState.Open, AlertLifecycle.EventId(alert.AlertId, AlertTransitionKind.Opened)), (opened.Transition, opened.State, opened.EventId));
        Assert.Equal(2, opened.SourceOffset);
    }

    [Fact]
    public async Task AcknowledgeAsync_OpenAlert_RecordsWhoWhyAndWhenAndPublishesEvent()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, alert) = await RaiseAsync("lifecycle-ack", ct);
        fixture.Clock.Advance(TimeSpan.FromMinutes(3));

        var acknowledged = await fixture.Client.AcknowledgeAsync(alert.AlertId, "ana", "checking the pump", ct);

        Assert.Equal(AlertState.Acknowledged, acknowledged.State);
        Assert.Equal(new AlertAction("ana", "checking the pump", fixture.Clock.GetUtcNow()), acknowledged.Acknowledged);
        Assert.Equal(acknowledged, Assert.Single(await fixture.Client.ListAlertsAsync(new AlertQuery(AlertState.Acknowledged, "lifecycle-ack"), ct)));
        Assert.Empty(await fixture.Client.ListAlertsAsync(new AlertQuery(AlertState.Open, "lifecycle-ack"), ct));
        var last = fixture.AlertEvents.For("lifecycle-ack")[^1];
        Assert.Equal((AlertTransitionKind.Acknowledged, "ana", "checking the pump"), (last.Transition, last.By, last.Reason));
    }

    [Fact]
    public async Task AcknowledgeAsync_AlreadyAcknowledged_RefusedNamingWhoAndKeepsTheFirst()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, alert) = await RaiseAsync("lifecycle-ack-twice", ct);
        await fixture.Client.AcknowledgeAsync(alert.AlertId, "ana", "mine", ct);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Client.AcknowledgeAsync(alert.AlertId, "bo", "mine too", ct));

        Assert.Contains("already acknowledged by ana", refused.Message, StringComparison.Ordinal);
        var record = await fixture.Client.GetGrain<IAlertGrain>(alert.AlertId).GetAsync(ct);
        Assert.Equal("ana", record!.Acknowledged!.By);
        Assert.Equal(2, fixture.AlertEvents.For("lifecycle-ack-twice").Count);
    }

    [Fact]
    public async Task ResolveAsync_OpenAlert_ResolvedDirectlyAndResolvingAgainRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, alert) = await RaiseAsync("lifecycle-resolve", ct);

        var resolved = await fixture.Client.ResolveAsync(alert.AlertId, "ana", "sensor replaced", ct);
        var again = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Client.ResolveAsync(alert.AlertId, "bo", "again", ct));
        var ack = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Client.AcknowledgeAsync(alert.AlertId, "bo", "late", ct));

        Assert.Equal((AlertState.Resolved, "ana", "sensor replaced"), (resolved.State, resolved.Resolved!.By, resolved.Resolved.Reason));
        Assert.Null(resolved.Acknowledged);
        Assert.Contains("already resolved by ana", again.Message, StringComparison.Ordinal);
        Assert.Contains("already resolved by ana", ack.Message, StringComparison.Ordinal);
        Assert.Equal(resolved, Assert.Single(await fixture.Client.ListAlertsAsync(new AlertQuery(AlertState.Resolved, "lifecycle-resolve"), ct)));
    }

    [Fact]
    public async Task AcknowledgeAsync_UnknownId_RefusedNamingTheId()
    {
        var ct = TestContext.Current.CancellationToken;

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Client.AcknowledgeAsync("no-such-alert", "ana", "why", ct));

        Assert.Contains("no-such-alert", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_EventEnds_ResolvedBySensorKeepingTheAcknowledgement()
    {
        var ct = TestContext.Current.CancellationToken;
        var (sensor, alert) = await RaiseAsync("lifecycle-end", ct);
        await fixture.Client.AcknowledgeAsync(alert.AlertId, "ana", "watching", ct);

        await sensor.ApplyAsync(Batch(3, 70), ct);

        var record = await fixture.Client.GetGrain<IAlertGrain>(alert.AlertId).GetAsync(ct);
        Assert.Equal(AlertState.Resolved, record!.State);
        Assert.Equal(AlertAction.Sensor, record.Resolved!.By);
        Assert.Contains("offset 3", record.Resolved.Reason, StringComparison.Ordinal);
        Assert.Equal("ana", record.Acknowledged!.By);
        Assert.Equal(
            [AlertTransitionKind.Opened, AlertTransitionKind.Acknowledged, AlertTransitionKind.Resolved],
            fixture.AlertEvents.For("lifecycle-end").Select(e => e.Transition));
    }

    [Fact]
    public async Task AcknowledgeAsync_LiveSubscriber_GetsEachTransitionOnTheOrleansStream()
    {
        var ct = TestContext.Current.CancellationToken;
        var received = new ConcurrentQueue<AlertLifecycleEvent>();
        var stream = fixture.Client.GetStreamProvider(StreamNames.Provider)
            .GetStream<AlertLifecycleEvent>(StreamId.Create(StreamNames.AlertEventsNamespace, StreamNames.AllAlertsKey));
        var subscription = await stream.SubscribeAsync((lifecycleEvent, _) =>
        {
            received.Enqueue(lifecycleEvent);
            return Task.CompletedTask;
        });
        try
        {
            var (_, alert) = await RaiseAsync("lifecycle-stream", ct);
            await fixture.Client.AcknowledgeAsync(alert.AlertId, "ana", "on it", ct);

            var deadline = Stopwatch.StartNew();
            while (received.Count(e => e.SensorId == "lifecycle-stream") < 2 && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(20, ct);
            }

            Assert.Equal(
                [AlertTransitionKind.Opened, AlertTransitionKind.Acknowledged],
                received.Where(e => e.SensorId == "lifecycle-stream").Select(e => e.Transition));
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }
}
