using Microsoft.Extensions.DependencyInjection;
using StreamRnn.Batching;
using StreamRnn.Contracts;

namespace StreamRnn.Grains.Tests.Models;

/// <summary>A sensor whose carried state overflows the model re-warms from a zero state and goes on.</summary>
[Collection(GrowingStateClusterGroup.Name)]
public sealed class SensorGrainStateOverflowTests(GrowingStateClusterFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ApplyAsync_CarriedStateOverflowsTheModel_SensorReWarmsFromZeroAndAppliesEveryReading()
    {
        var ct = TestContext.Current.CancellationToken;
        var sensor = fixture.Client.GetGrain<ISensorGrain>("growing-state");
        var batcher = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IInferenceBatcher>();

        var applied = 0;
        for (var first = 0; first < 120; first += 5)
        {
            applied += (await sensor.ApplyAsync(Batch(first, 5), ct)).Applied;
        }

        var snapshot = await sensor.GetSnapshotAsync(ct);

        Assert.Equal(120, applied);
        Assert.Equal(120, snapshot.ReadingsApplied);
        Assert.Empty(fixture.DeadLetters.For("growing-state"));
        Assert.True(batcher.NonFiniteRequests > 0, "the carried state never overflowed: the test proves nothing");
        Assert.Contains(snapshot.ModelSwitches, s => s.From == 1 && s.To == 1);
        Assert.True(double.IsFinite(snapshot.ForecastErrorEwma), $"{snapshot.ForecastErrorEwma}");
    }

    private static SensorReadingBatch Batch(int first, int count) =>
        new([.. Enumerable.Range(first, count).Select(step => new SensorReading(0, step, Start.AddMinutes(step), [10.0 + (3 * Math.Sin(step / 3.0))]))]);
}
