using StreamRnn.Contracts;

namespace StreamRnn.Grains.Tests;

/// <summary>
/// With a silo full, sensors that leave memory are counted until Orleans has disposed of them, and while the most a
/// silo allows are leaving, a new sensor waits in its activation, its call with it, until one has gone.
/// </summary>
[Collection(LeavingGateClusterGroup.Name)]
public sealed class SensorGrainLeavingGateTests(LeavingGateClusterFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static SensorReadingBatch OneReading() => new([new SensorReading(0, 0, Start, [10.0])]);

    private ISensorGrain Sensor(string id) => fixture.Client.GetGrain<ISensorGrain>(id);

    [Fact]
    public async Task Activate_WhileTheMostLeavingAreStillLeaving_WaitsUntilOneIsGone()
    {
        var ct = TestContext.Current.CancellationToken;
        var activations = fixture.Activations;

        // Fill the silo: one reading teaches no gap, so no sensor keeps a dropout watch, and up to the cap all stay.
        for (var i = 0; i < LeavingGateClusterFixture.MaxActive; i++)
        {
            await Sensor($"gate-fill-{i:D3}").ApplyAsync(OneReading(), ct);
        }

        Assert.Equal(LeavingGateClusterFixture.MaxActive, activations.Count);

        // Above the cap each newcomer leaves when its call ends; its state write is held, so it stays leaving.
        fixture.Holds.Hold("gate-leaver-");
        for (var i = 0; i < LeavingGateClusterFixture.MaxLeaving; i++)
        {
            await Sensor($"gate-leaver-{i:D2}").ApplyAsync(OneReading(), ct);
        }

        Assert.True(
            await IdleSensorClusterFixture.EventuallyAsync(() => Task.FromResult(fixture.Holds.Waiting == LeavingGateClusterFixture.MaxLeaving), ct),
            $"{fixture.Holds.Waiting} leaving sensors are writing their state");
        Assert.Equal(LeavingGateClusterFixture.MaxLeaving, activations.Leaving);
        Assert.Equal(LeavingGateClusterFixture.MaxActive, activations.Count);

        // A new sensor's call waits at the gate: the silo holds its activation, but it has not become active.
        var waiting = Sensor("gate-new").ApplyAsync(OneReading(), ct).AsTask();
        Assert.True(await IdleSensorClusterFixture.EventuallyAsync(() => Task.FromResult(activations.Waiting == 1), ct), "the new sensor did not wait at the gate");
        Assert.False(waiting.IsCompleted);
        Assert.Equal(LeavingGateClusterFixture.MaxActive, activations.Count);

        // One leaver writes its state and is gone: the new sensor goes on, applies its reading and leaves in turn.
        fixture.Holds.Release(1);
        Assert.Equal(1, (await waiting.WaitAsync(TimeSpan.FromMinutes(1), ct)).Applied);

        Assert.Equal(0, activations.Waiting);
        fixture.Holds.ReleaseAll();
        Assert.True(
            await IdleSensorClusterFixture.EventuallyAsync(() => Task.FromResult(activations.Leaving == 0), ct),
            $"{activations.Leaving} sensors stayed counted as leaving");
        Assert.Equal(LeavingGateClusterFixture.MaxActive, activations.Count);
    }
}
