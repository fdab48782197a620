using System.Collections.Immutable;
using Orleans.Runtime;
using StreamRnn.Contracts;
using StreamRnn.Hosting;

namespace StreamRnn.Silo.Tests;

/// <summary>The apply path is closed to cluster clients: readings reach sensors only through ingest.</summary>
[Collection(PipelineGroup.Name)]
public sealed class IngestOnlyCallFilterTests(PipelineFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ApplyAsync_FromClusterClient_RefusedAndSensorUnchanged()
    {
        var ct = TestContext.Current.CancellationToken;
        var sensor = fixture.Client.GetGrain<ISensorGrain>("stranger-apply");
        var batch = new SensorReadingBatch([new SensorReading(0, long.MaxValue, Start, [1.0])]);

        var exception = await Assert.ThrowsAsync<UnauthorizedAccessException>(async () => await sensor.ApplyAsync(batch, ct));

        Assert.Contains("ingest-only", exception.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(ISensorGrain.ApplyAsync), exception.Message, StringComparison.Ordinal);
        var snapshot = await sensor.GetSnapshotAsync(ct);
        Assert.Equal(0, snapshot.ReadingsApplied);

        // The sensor was not muted: a reading at an ordinary offset, applied from inside the silo, still counts.
        var applied = await fixture.SiloGrains.GetGrain<ISensorGrain>("stranger-apply")
            .ApplyAsync(new SensorReadingBatch([new SensorReading(0, 5, Start, [1.0])]), ct);
        Assert.Equal(1, applied.Applied);
    }

    [Fact]
    public async Task CheckpointAsync_FromClusterClient_Refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var sensor = fixture.Client.GetGrain<ISensorGrain>("stranger-checkpoint");

        await Assert.ThrowsAsync<UnauthorizedAccessException>(async () => await sensor.CheckpointAsync(ImmutableDictionary<int, long>.Empty, ct));
    }

    [Fact]
    public async Task GetSnapshotAsync_FromClusterClient_Allowed()
    {
        var ct = TestContext.Current.CancellationToken;

        var snapshot = await fixture.Client.GetGrain<ISensorGrain>("stranger-read").GetSnapshotAsync(ct);

        Assert.Equal(0, snapshot.ReadingsApplied);
    }

    [Fact]
    public void IsOutsideClient_HostedClientGrainOrUnknown_AsExpected()
    {
        Assert.True(IngestOnlyCallFilter.IsOutsideClient(GrainId.Create(GrainTypePrefix.ClientGrainType, Guid.NewGuid().ToString("N"))));
        Assert.True(IngestOnlyCallFilter.IsOutsideClient(null));
        Assert.False(IngestOnlyCallFilter.IsOutsideClient(GrainId.Create(GrainTypePrefix.ClientGrainType, "hosted-127.0.0.1:11111@1")));
        Assert.False(IngestOnlyCallFilter.IsOutsideClient(GrainId.Create("sensor", "s1")));
    }
}
