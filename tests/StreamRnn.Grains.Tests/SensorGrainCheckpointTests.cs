using System.Collections.Immutable;
using StreamRnn.Contracts;

namespace StreamRnn.Grains.Tests;

/// <summary>A sensor keeps applied readings in memory and persists them at checkpoints and deactivation; it refuses what it cannot hold.</summary>
[Collection(FakeClockClusterGroup.Name)]
public sealed class SensorGrainCheckpointTests(FakeClockClusterFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static SensorReadingBatch Batch(int partition, long firstOffset, int count) =>
        new([.. Enumerable.Range(0, count).Select(i => new SensorReading(partition, firstOffset + i, Start.AddMinutes(firstOffset + i), [10 + Math.Sin((firstOffset + i) / 5.0)]))]);

    [Fact]
    public async Task ApplyAsync_BeforeAnyCheckpoint_StoresNothingUntilCheckpointAsyncPersistsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var sensor = fixture.Client.GetGrain<ISensorGrain>("checkpoint-persists");
        await sensor.ApplyAsync(Batch(2, 0, 20), ct);

        var before = await fixture.ReadSensorStateAsync("checkpoint-persists");
        var persisted = await sensor.CheckpointAsync(ImmutableDictionary<int, long>.Empty.Add(2, 19), ct);
        var after = await fixture.ReadSensorStateAsync("checkpoint-persists");

        Assert.Empty(before.AppliedOffsets);
        Assert.True(persisted);
        Assert.Equal(19, after.AppliedOffsets[2]);
        Assert.Equal((await sensor.GetSnapshotAsync(ct)).HiddenState, after.HiddenState);
    }

    [Fact]
    public async Task ApplyAsync_DeliveredBeforeAboveAppliedOffsets_RefusesAsStateLostAndAppliesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var sensor = fixture.Client.GetGrain<ISensorGrain>("checkpoint-state-lost");
        await sensor.ApplyAsync(Batch(0, 0, 10), ct);
        var before = await sensor.GetSnapshotAsync(ct);

        // The sender delivered offsets up to 14 before, but this sensor holds up to 9: it lost 10..14.
        var result = await sensor.ApplyAsync(Batch(0, 15, 5) with { DeliveredBefore = ImmutableDictionary<int, long>.Empty.Add(0, 14) }, ct);
        var checkpointed = await sensor.CheckpointAsync(ImmutableDictionary<int, long>.Empty.Add(0, 14), ct);
        var after = await sensor.GetSnapshotAsync(ct);

        Assert.True(result.StateLost);
        Assert.Equal(0, result.Applied);
        Assert.False(checkpointed);
        Assert.Equal(before.ReadingsApplied, after.ReadingsApplied);
        Assert.Equal(9, after.AppliedOffsets[0]);
        Assert.Empty((await fixture.ReadSensorStateAsync("checkpoint-state-lost")).AppliedOffsets);
    }

    [Fact]
    public async Task ApplyAsync_DeliveredBeforeHeld_AppliesTheBatch()
    {
        var ct = TestContext.Current.CancellationToken;
        var sensor = fixture.Client.GetGrain<ISensorGrain>("checkpoint-delivered-held");
        await sensor.ApplyAsync(Batch(0, 0, 10), ct);

        var result = await sensor.ApplyAsync(Batch(0, 10, 5) with { DeliveredBefore = ImmutableDictionary<int, long>.Empty.Add(0, 9) }, ct);

        Assert.False(result.StateLost);
        Assert.Equal(5, result.Applied);
    }

    [Fact]
    public async Task Deactivation_WithUnpersistedReadings_PersistsThem()
    {
        var ct = TestContext.Current.CancellationToken;
        var sensor = fixture.Client.GetGrain<ISensorGrain>("checkpoint-deactivation");
        await sensor.ApplyAsync(Batch(1, 0, 12), ct);
        var held = await sensor.GetSnapshotAsync(ct);

        var management = fixture.Client.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero, ct);
        var stored = await fixture.ReadSensorStateAsync("checkpoint-deactivation");

        Assert.Equal(11, stored.AppliedOffsets[1]);
        Assert.Equal(held.HiddenState, stored.HiddenState);
        Assert.Equal(held.ReadingsApplied, (await sensor.GetSnapshotAsync(ct)).ReadingsApplied);
    }
}
