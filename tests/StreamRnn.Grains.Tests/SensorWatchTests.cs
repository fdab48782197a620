using StreamRnn.Grains;
using StreamRnn.Scoring;

namespace StreamRnn.Grains.Tests;

/// <summary>The watched sensor's ring of recent points (the console's chart): bounded, oldest first, leased.</summary>
public sealed class SensorWatchTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Points_FewerThanCapacity_AllOldestFirst()
    {
        var watch = new SensorWatch(Start);
        watch.Add([Score(0), Score(1)]);
        watch.Add([Score(2)]);
        Assert.Equal([0.0, 1.0, 2.0], watch.Points().Select(p => p.Value));
        Assert.Equal([7, 7, 7], watch.Points().Select(p => p.ModelVersion));
    }

    [Fact]
    public void Points_MoreThanCapacity_KeepsTheLastCapacityOldestFirst()
    {
        var watch = new SensorWatch(Start);
        var total = SensorWatch.Capacity + 25;
        watch.Add([.. Enumerable.Range(0, total).Select(Score)]);
        var points = watch.Points();
        Assert.Equal(SensorWatch.Capacity, points.Length);
        Assert.Equal(Enumerable.Range(25, SensorWatch.Capacity).Select(i => (double)i), points.Select(p => p.Value));
    }

    [Fact]
    public void Extend_MovesTheLeaseFromNow()
    {
        var watch = new SensorWatch(Start);
        Assert.Equal(Start + SensorWatch.Lease, watch.Until);
        watch.Extend(Start.AddSeconds(30));
        Assert.Equal(Start.AddSeconds(30) + SensorWatch.Lease, watch.Until);
    }

    private static PipelineScore Score(int i) => new(Start.AddSeconds(i), i, i + 0.5, 0.1, 7, 0, i);
}
