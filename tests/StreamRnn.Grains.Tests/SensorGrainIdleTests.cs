using Microsoft.Extensions.DependencyInjection;
using StreamRnn.Contracts;

namespace StreamRnn.Grains.Tests;

/// <summary>Idle sensors leave memory with their state in storage; a sensor whose dropout is pending stays until it is raised.</summary>
[Collection(IdleSensorClusterGroup.Name)]
public sealed class SensorGrainIdleTests(IdleSensorClusterFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static SensorReadingBatch Batch(long firstOffset, int count) =>
        new([.. Enumerable.Range(0, count).Select(i => new SensorReading(0, firstOffset + i, Start.AddMinutes(firstOffset + i), [10 + Math.Sin((firstOffset + i) / 7.0)]))]);

    [Fact]
    public async Task IdleTimeout_SensorStopsSending_DeactivatesAndReloadsItsStateOnTheNextReading()
    {
        var ct = TestContext.Current.CancellationToken;
        const string id = "idle-1";
        var sensor = fixture.Client.GetGrain<ISensorGrain>(id);
        Assert.Equal(40, (await sensor.ApplyAsync(Batch(0, 40), ct)).Applied);
        var before = await sensor.GetSnapshotAsync(ct);

        // Nothing checkpoints this sensor: only its deactivation writes the state.
        Assert.True(await IdleSensorClusterFixture.EventuallyAsync(async () => !await fixture.IsActiveAsync(id), ct), "the idle sensor was not deactivated");
        var stored = await fixture.ReadSensorStateAsync(id);
        Assert.Equal(39, stored.AppliedOffsets[0]);

        // Reactivated from storage: redelivered offsets are skipped, new ones go on from where it was.
        var again = await sensor.ApplyAsync(Batch(30, 20), ct);
        var after = await sensor.GetSnapshotAsync(ct);
        Assert.Equal(new ApplyResult(10, 10, again.Alerts), again);
        Assert.Equal(before.ReadingsApplied + 10, after.ReadingsApplied);
        Assert.Equal(49, after.AppliedOffsets[0]);
    }

    [Fact]
    public async Task IdleTimeout_SensorLeaves_IsCountedLeavingUntilOrleansDisposesOfIt()
    {
        var ct = TestContext.Current.CancellationToken;
        const string id = "idle-count-1";
        var activations = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<SensorActivations>();
        await fixture.Client.GetGrain<ISensorGrain>(id).ApplyAsync(Batch(0, 3), ct);
        var active = activations.Count;
        Assert.True(active >= 1);

        // Counted as leaving from its deactivation on; no longer once Orleans has disposed of it (after removing it
        // from the silo). A count that never came down would hold every new sensor at the gate.
        Assert.True(await IdleSensorClusterFixture.EventuallyAsync(async () => !await fixture.IsActiveAsync(id), ct), "the idle sensor was not deactivated");
        Assert.True(await IdleSensorClusterFixture.EventuallyAsync(() => Task.FromResult(activations.Leaving == 0), ct), $"{activations.Leaving} sensors stayed counted as leaving");
        Assert.True(activations.Count < active);
    }

    [Fact]
    public async Task DropoutWatch_SensorSilentLongerThanIdleTimeout_StaysUntilDropoutIsRaisedThenDeactivates()
    {
        var ct = TestContext.Current.CancellationToken;
        const string watched = "idle-dropout-1";
        const string control = "idle-control-1";
        var sensor = fixture.Client.GetGrain<ISensorGrain>(watched);
        for (var i = 0; i < 5; i++)
        {
            fixture.Clock.Advance(TimeSpan.FromSeconds(1));
            await sensor.ApplyAsync(Batch(i, 1), ct);
        }

        // A sensor with one batch has no usual gap, so no dropout can come: it idles out. Once it has, the watched
        // sensor (idle for longer) would have gone too, but its dropout is pending.
        await fixture.Client.GetGrain<ISensorGrain>(control).ApplyAsync(Batch(0, 3), ct);
        Assert.True(await IdleSensorClusterFixture.EventuallyAsync(async () => !await fixture.IsActiveAsync(control), ct), "the control sensor was not deactivated");
        Assert.True(await fixture.IsActiveAsync(watched), "the sensor was deactivated before its dropout was judged");

        fixture.Clock.Advance(TimeSpan.FromSeconds(6));
        Assert.True(await IdleSensorClusterFixture.EventuallyAsync(() => Task.FromResult(fixture.AlertSink.For(watched).Any(a => a.Kind == AlertKind.Dropout)), ct), "no dropout was raised");

        // Raised: nothing more to watch, so the sensor idles out with the dropout in its stored state.
        Assert.True(await IdleSensorClusterFixture.EventuallyAsync(async () => !await fixture.IsActiveAsync(watched), ct), "the sensor stayed after its dropout");
        var stored = await fixture.ReadSensorStateAsync(watched);
        Assert.Equal(1, stored.AlertsRaised);
        Assert.Equal(4, stored.AppliedOffsets[0]);
    }
}
