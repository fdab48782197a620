using System.Collections.Immutable;
using Confluent.Kafka;
using Microsoft.Extensions.Time.Testing;
using StreamRnn.Contracts;
using StreamRnn.Hosting.Ingest;

namespace StreamRnn.Silo.Tests;

public sealed class IngestCheckpointTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void DeliveredTo_AfterSealUntilReleased_StillNamesTheCutsOffsets()
    {
        var checkpoint = new IngestCheckpoint(TimeSpan.FromSeconds(5), _clock);
        checkpoint.Delivered("pump-1", Batch((3, 40)));

        var cut = checkpoint.Seal();

        // Not yet persisted: a sensor that lost offset 40 must refuse its next batch rather than apply over stale state.
        Assert.Equal(40, checkpoint.DeliveredTo("pump-1")[3]);
        checkpoint.Release(cut);
        Assert.Empty(checkpoint.DeliveredTo("pump-1"));
    }

    [Fact]
    public void DeliveredTo_CutAndNewInterval_TakesTheHighestOffsetOfEachPartition()
    {
        var checkpoint = new IngestCheckpoint(TimeSpan.FromSeconds(5), _clock);
        checkpoint.Delivered("pump-1", Batch((3, 40), (5, 7)));
        checkpoint.Seal();

        checkpoint.Delivered("pump-1", Batch((3, 41), (6, 2)));

        Assert.Equal(new Dictionary<int, long> { [3] = 41, [5] = 7, [6] = 2 }, checkpoint.DeliveredTo("pump-1"));
    }

    [Fact]
    public void Including_ReadingsOfSeveralPartitionsInAnyOrder_TakesTheHighestOffsetOfEach()
    {
        var readings = Batch((3, 40), (3, 42), (3, 41), (5, 7), (3, 39), (5, 6), (6, 2)).Readings;

        var offsets = IngestCheckpoint.Including(ImmutableDictionary<int, long>.Empty.Add(3, 50).Add(5, 1), readings);

        Assert.Equal(new Dictionary<int, long> { [3] = 50, [5] = 7, [6] = 2 }, offsets);
    }

    [Fact]
    public void Including_ReadingsOfOnePartition_RaisesItOnce()
    {
        // A raise allocates a new immutable dictionary: a call's readings, mostly one partition's, cost one.
        var readings = Batch([.. Enumerable.Range(0, 100).Select(offset => (3, (long)offset))]).Readings;
        var before = ImmutableDictionary<int, long>.Empty.Add(3, 0);
        IngestCheckpoint.Including(before, readings); // warm up

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var offsets = IngestCheckpoint.Including(before, readings);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Equal(99, offsets[3]);
        var oneRaise = GC.GetAllocatedBytesForCurrentThread();
        _ = before.SetItem(3, 99);
        oneRaise = GC.GetAllocatedBytesForCurrentThread() - oneRaise;
        Assert.Equal(oneRaise, allocated);
    }

    [Fact]
    public void Seal_CutsWhatWasDeliveredAndStartsANewInterval()
    {
        var checkpoint = new IngestCheckpoint(TimeSpan.FromSeconds(5), _clock);
        checkpoint.Delivered("pump-1", Batch((3, 40)));
        checkpoint.Dispatched([Message(3, 40)]);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.True(checkpoint.Due);

        var cut = checkpoint.Seal();

        Assert.Equal(40, cut.DeliveredSensors["pump-1"][3]);
        Assert.Equal(new TopicPartitionOffset("readings", 3, 41), Assert.Single(cut.Positions));
        Assert.False(checkpoint.Pending);
        checkpoint.Delivered("pump-2", Batch((4, 9)));
        Assert.False(checkpoint.Due);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.True(checkpoint.Due);
    }

    [Fact]
    public void Seal_WhileAnotherCutIsUnreleased_Throws()
    {
        var checkpoint = new IngestCheckpoint(TimeSpan.Zero, _clock);
        checkpoint.Delivered("pump-1", Batch((3, 40)));
        checkpoint.Seal();
        checkpoint.Delivered("pump-1", Batch((3, 41)));

        Assert.Throws<InvalidOperationException>(checkpoint.Seal);
    }

    [Fact]
    public void Reset_ForgetsAnUnreleasedCutAsWellAsTheInterval()
    {
        var checkpoint = new IngestCheckpoint(TimeSpan.Zero, _clock);
        checkpoint.Delivered("pump-1", Batch((3, 40)));
        checkpoint.Seal();
        checkpoint.Delivered("pump-1", Batch((3, 41)));

        checkpoint.Reset();

        Assert.Empty(checkpoint.DeliveredTo("pump-1"));
        Assert.False(checkpoint.Pending);
        checkpoint.Delivered("pump-1", Batch((3, 42)));
        Assert.Equal(42, checkpoint.Seal().DeliveredSensors["pump-1"][3]);
    }

    [Fact]
    public void Release_OfAnOlderCut_LeavesTheCurrentCutSealed()
    {
        var checkpoint = new IngestCheckpoint(TimeSpan.Zero, _clock);
        checkpoint.Delivered("pump-1", Batch((3, 40)));
        var forgotten = checkpoint.Seal();
        checkpoint.Reset();
        checkpoint.Delivered("pump-1", Batch((3, 50)));
        checkpoint.Seal();

        checkpoint.Release(forgotten);

        Assert.Equal(50, checkpoint.DeliveredTo("pump-1")[3]);
    }

    private static SensorReadingBatch Batch(params (int Partition, long Offset)[] positions) =>
        new([.. positions.Select(p => new SensorReading(p.Partition, p.Offset, DateTimeOffset.UnixEpoch, ImmutableArray.Create(1.0)))]);

    private static ConsumeResult<byte[]?, byte[]?> Message(int partition, long offset) =>
        new() { TopicPartitionOffset = new TopicPartitionOffset("readings", partition, offset), Message = new Message<byte[]?, byte[]?>() };
}
