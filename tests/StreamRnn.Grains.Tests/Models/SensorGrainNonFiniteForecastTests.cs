using Microsoft.Extensions.DependencyInjection;
using StreamRnn.Batching;
using StreamRnn.Contracts;

namespace StreamRnn.Grains.Tests.Models;

/// <summary>The only model version forecasts infinity: sensors never receive it and never fail; the readings are dead-lettered.</summary>
[Collection(OverflowingModelClusterGroup.Name)]
public sealed class SensorGrainNonFiniteForecastTests(OverflowingModelClusterFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ApplyAsync_OnlyVersionForecastsInfinity_ReadingsAreDeadLetteredAsProcessingFailedAndTheStreamGoesOn()
    {
        var ct = TestContext.Current.CancellationToken;
        var sensor = fixture.Client.GetGrain<ISensorGrain>("overflow-only");
        var batcher = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IInferenceBatcher>();

        var first = await sensor.ApplyAsync(Batch(0, 5), ct);
        var second = await sensor.ApplyAsync(Batch(5, 5), ct);
        var letters = fixture.DeadLetters.For("overflow-only");
        var snapshot = await sensor.GetSnapshotAsync(ct);
        var active = await fixture.Client.GetGrain<IModelRegistryGrain>("default").GetActiveAsync(ct);

        Assert.Equal((0, 0), (first.Applied, second.Applied));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), letters.Select(l => l.Reading.Offset));
        Assert.All(letters, l => Assert.StartsWith("NonFiniteForecastException: Model v1 computed NaN or infinity", l.Detail, StringComparison.Ordinal));
        Assert.Equal(0, snapshot.ReadingsApplied);
        Assert.True(batcher.NonFiniteRequests >= 10, $"{batcher.NonFiniteRequests} non-finite requests");
        Assert.Equal((1, ModelVersionStatus.Active), (active.Version, active.Status));
    }

    private static SensorReadingBatch Batch(int first, int count) =>
        new([.. Enumerable.Range(first, count).Select(step => new SensorReading(0, step, Start.AddMinutes(step), [10.0 + step]))]);
}
