using System.Diagnostics;
using StreamRnn.Contracts;

namespace StreamRnn.Grains.Tests.Cluster;

/// <summary>The cluster status grain on a real cluster: the latest report of each silo, and a silo whose reports stop drops out.</summary>
[Collection(GrainClusterGroup.Name)]
public sealed class ClusterStatusGrainTests(GrainClusterFixture fixture)
{
    private static SiloFigures Figures(string address, long readings) =>
        new(address, $"silo-{address}", 12.5, 3, 2, [new PartitionLag("0", 7)], 1, readings);

    [Fact]
    public async Task ReportAsync_TwoSilosThenANewerReport_EachSiloOnceWithItsLatestFigures()
    {
        var ct = TestContext.Current.CancellationToken;
        var status = fixture.Client.GetGrain<IClusterStatusGrain>(1);

        await status.ReportAsync(Figures("10.0.0.1:11111@1", 10), TimeSpan.FromHours(1), ct);
        await status.ReportAsync(Figures("10.0.0.2:11111@1", 20), TimeSpan.FromHours(1), ct);
        await status.ReportAsync(Figures("10.0.0.1:11111@1", 30), TimeSpan.FromHours(1), ct);

        var figures = await status.GetAsync(ct);
        Assert.Equal([("10.0.0.1:11111@1", 30L), ("10.0.0.2:11111@1", 20L)], figures.Select(f => (f.SiloAddress, f.ReadingsApplied)));
        Assert.All(figures, f => Assert.NotEqual(default, f.ReceivedAt));
        Assert.Equal(new PartitionLag("0", 7), Assert.Single(figures[0].Lag));
    }

    [Fact]
    public async Task GetAsync_SiloStoppedReporting_DropsOutOnceItsReportIsOlderThanItAskedToBeKept()
    {
        var ct = TestContext.Current.CancellationToken;
        var status = fixture.Client.GetGrain<IClusterStatusGrain>(2);
        await status.ReportAsync(Figures("10.0.0.1:11111@1", 1), TimeSpan.FromHours(1), ct);
        await status.ReportAsync(Figures("10.0.0.9:11111@1", 1), TimeSpan.FromMilliseconds(100), ct);

        var clock = Stopwatch.StartNew();
        var figures = await status.GetAsync(ct);
        while (figures.Length > 1 && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50, ct);
            figures = await status.GetAsync(ct);
        }

        Assert.Equal("10.0.0.1:11111@1", Assert.Single(figures).SiloAddress);
    }
}
