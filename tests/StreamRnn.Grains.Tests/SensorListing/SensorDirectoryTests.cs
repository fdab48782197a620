using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using StreamRnn.Contracts;
using StreamRnn.Grains.SensorListing;

namespace StreamRnn.Grains.Tests.SensorListing;

/// <summary>
/// The sensor directory on a real cluster whose sensors read <see cref="FakeClockClusterFixture.Clock"/>: every sensor is
/// listed from its first batch, its status follows its events, it reports again only on a change or after
/// <c>SensorDirectory:SeenInterval</c> (1 hour), and a shard stays within <c>SensorDirectory:MaxPerShard</c> (50 here).
/// </summary>
[Collection(FakeClockClusterGroup.Name)]
public sealed class SensorDirectoryTests(FakeClockClusterFixture fixture)
{
    private const int Shards = 64;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static SensorReadingBatch Batch(long firstOffset, params double[] values) =>
        new([.. values.Select((value, i) => new SensorReading(0, firstOffset + i, Start.AddMinutes(firstOffset + i), [value]))]);

    private async Task<SensorDirectoryEntry?> FindAsync(string sensorId, CancellationToken ct)
    {
        var page = await fixture.Client.SearchAsync(Shards, new SensorDirectoryQuery(sensorId), ct);
        return page.Sensors.SingleOrDefault(entry => entry.SensorId == sensorId);
    }

    private async Task<ISensorGrain> LimitedSensorAsync(string sensorId, CancellationToken ct)
    {
        var sensor = fixture.Client.GetGrain<ISensorGrain>(sensorId);
        await sensor.SetSettingsAsync(ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("MaxValue", "100")]), ct);
        return sensor;
    }

    [Fact]
    public async Task ApplyAsync_SensorThatNeverAlerted_ListedAsNormal()
    {
        var ct = TestContext.Current.CancellationToken;
        await fixture.Client.GetGrain<ISensorGrain>("directory-quiet").ApplyAsync(Batch(0, 10, 11, 12), ct);

        var entry = await FindAsync("directory-quiet", ct);

        Assert.NotNull(entry);
        Assert.Equal(entry, await fixture.Client.GetGrain<ISensorDirectoryGrain>(SensorDirectory.ShardOf("directory-quiet", Shards)).GetAsync("directory-quiet", ct));
        Assert.Equal((SensorDirectoryStatus.Normal, null), (entry.Status, entry.LastAlertId));
        Assert.Equal(fixture.Clock.GetUtcNow(), entry.LastSeen);
    }

    [Fact]
    public async Task ApplyAsync_BatchesWithinTheSeenInterval_NoReportUntilItPasses()
    {
        var ct = TestContext.Current.CancellationToken;
        var sensor = fixture.Client.GetGrain<ISensorGrain>("directory-seen");
        await sensor.ApplyAsync(Batch(0, 10), ct);
        var first = (await FindAsync("directory-seen", ct))!.LastSeen;

        // 59 batches over 59 minutes with no status change: the shard hears nothing (its LastSeen stays).
        for (var i = 1; i < 60; i++)
        {
            fixture.Clock.Advance(TimeSpan.FromMinutes(1));
            await sensor.ApplyAsync(Batch(i, 10 + (i % 3)), ct);
        }

        Assert.Equal(first, (await FindAsync("directory-seen", ct))!.LastSeen);

        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await sensor.ApplyAsync(Batch(60, 11), ct);
        Assert.Equal(first.AddHours(1), (await FindAsync("directory-seen", ct))!.LastSeen);
    }

    [Fact]
    public async Task ApplyAsync_TenSensorsThirtyBatchesOfFiveReadings_OneDirectoryCallEachNotOnePerReading()
    {
        var ct = TestContext.Current.CancellationToken;
        var sensors = Enumerable.Range(0, 10).Select(i => $"directory-calls-{i}").ToArray();
        foreach (var sensorId in sensors)
        {
            var sensor = fixture.Client.GetGrain<ISensorGrain>(sensorId);
            for (var batch = 0; batch < 30; batch++)
            {
                await sensor.ApplyAsync(Batch(batch * 5, 10, 11, 12, 11, 10), ct);
            }
        }

        // 1,500 readings, 300 batches, no event: one report per sensor (its first batch).
        Assert.All(sensors, sensorId => Assert.Equal(1, fixture.DirectoryReports.For(sensorId)));
    }

    [Fact]
    public async Task ApplyAsync_OutOfRangeEventStartsAndEnds_StatusEventThenNormalWithLastAlert()
    {
        var ct = TestContext.Current.CancellationToken;
        var sensor = await LimitedSensorAsync("directory-event", ct);

        await sensor.ApplyAsync(Batch(0, 50, 150), ct);
        var during = await FindAsync("directory-event", ct);
        await sensor.ApplyAsync(Batch(2, 60), ct);
        var after = await FindAsync("directory-event", ct);

        var alert = Assert.Single(fixture.AlertSink.For("directory-event"), a => a.Phase == AlertPhase.Start);
        Assert.Equal((SensorDirectoryStatus.Event, alert.AlertId, alert.Timestamp), (during!.Status, during.LastAlertId, during.LastAlertAt));
        Assert.Equal((SensorDirectoryStatus.Normal, alert.AlertId), (after!.Status, after.LastAlertId));
        Assert.Equal(2, fixture.DirectoryReports.For("directory-event"));
    }

    [Fact]
    public async Task ApplyAsync_EventRaisedInsideASuppression_Quarantined()
    {
        var ct = TestContext.Current.CancellationToken;
        var sensor = await LimitedSensorAsync("directory-quarantined", ct);
        var now = fixture.Clock.GetUtcNow();
        await fixture.Client.SuppressAsync(new AlertSuppression("directory-quarantined", null, now.AddHours(1), new AlertAction("ana", "maintenance", now)), ct);

        await sensor.ApplyAsync(Batch(0, 50, 150), ct);

        Assert.Equal(SensorDirectoryStatus.Quarantined, (await FindAsync("directory-quarantined", ct))!.Status);
    }

    [Fact]
    public async Task SearchAsync_PagesAcrossShards_EveryMatchOnceInIdOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        var ids = Enumerable.Range(0, 30).Select(i => $"paged-{i:D2}").ToArray();
        foreach (var id in ids)
        {
            await fixture.Client.GetGrain<ISensorDirectoryGrain>(SensorDirectory.ShardOf(id, Shards))
                .ReportAsync(new SensorDirectoryReport(id, SensorDirectoryStatus.Normal, null, null, fixture.Clock.GetUtcNow()), ct);
        }

        var seen = new List<string>();
        var pages = new List<SensorDirectoryPage>();
        string? after = null;
        do
        {
            var page = await fixture.Client.SearchAsync(Shards, new SensorDirectoryQuery("PAGED-", after, Limit: 7), ct);
            pages.Add(page);
            seen.AddRange(page.Sensors.Select(entry => entry.SensorId));
            after = page.Next;
        }
        while (after is not null && pages.Count < 10);

        Assert.Equal(ids, seen);
        Assert.Equal([7, 7, 7, 7, 2], pages.Select(page => page.Sensors.Length));
        Assert.Equal([30, 23, 16, 9, 2], pages.Select(page => page.Matched));
        Assert.True(ids.Select(id => SensorDirectory.ShardOf(id, Shards)).Distinct().Count() > 10);
    }

    [Fact]
    public async Task ReportAsync_FloodOfStrangersIntoAFullShard_StaysAtItsBoundAndCountsTheUnlisted()
    {
        var ct = TestContext.Current.CancellationToken;

        // A key no sensor maps to (64 shards), so the flood is this test's alone.
        var shard = fixture.Client.GetGrain<ISensorDirectoryGrain>(10_000);
        var at = fixture.Clock.GetUtcNow();
        for (var i = 0; i < 500; i++)
        {
            await shard.ReportAsync(new SensorDirectoryReport($"stranger-{i:D3}", SensorDirectoryStatus.Normal, null, null, at.AddSeconds(i)), ct);
        }

        await shard.ReportAsync(new SensorDirectoryReport("stranger-failing", SensorDirectoryStatus.Stuck, "a1", at, at), ct);
        var page = await shard.SearchAsync(new SensorDirectoryQuery(Limit: 1_000), ct);

        Assert.Equal(50, page.Sensors.Length);
        Assert.Equal(451, page.Unlisted);
        Assert.Contains(page.Sensors, entry => entry.SensorId == "stranger-failing" && entry.Status == SensorDirectoryStatus.Stuck);
        Assert.Equal(Enumerable.Range(451, 49).Select(i => $"stranger-{i:D3}"), page.Sensors.Where(e => e.Status == SensorDirectoryStatus.Normal).Select(e => e.SensorId));
    }

    [Fact]
    public async Task ReportAsync_OlderReportAfterANewerOne_Ignored()
    {
        var ct = TestContext.Current.CancellationToken;
        var shard = fixture.Client.GetGrain<ISensorDirectoryGrain>(10_001);
        var at = fixture.Clock.GetUtcNow();
        await shard.ReportAsync(new SensorDirectoryReport("late-report", SensorDirectoryStatus.Normal, "a2", at, at.AddSeconds(2)), ct);

        await shard.ReportAsync(new SensorDirectoryReport("late-report", SensorDirectoryStatus.Stuck, "a1", at, at.AddSeconds(1)), ct);

        var entry = Assert.Single((await shard.SearchAsync(new SensorDirectoryQuery("late-report"), ct)).Sensors);
        Assert.Equal((SensorDirectoryStatus.Normal, "a2"), (entry.Status, entry.LastAlertId));
    }

    [Fact]
    public async Task ReportAsync_NewSensor_WrittenToGrainStorage()
    {
        var ct = TestContext.Current.CancellationToken;
        var at = fixture.Clock.GetUtcNow();
        await fixture.Client.GetGrain<ISensorDirectoryGrain>(10_002).ReportAsync(new SensorDirectoryReport("stored", SensorDirectoryStatus.Silent, "a3", at, at), ct);

        var storage = fixture.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(StorageNames.Sensors);
        var clock = Stopwatch.StartNew();
        var grainId = GrainId.Create(GrainType.Create("sensordirectory"), GrainIdKeyExtensions.CreateIntegerKey(10_002));
        var stored = new SensorDirectoryState();
        while (!stored.Sensors.ContainsKey("stored") && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50, ct);
            var state = new GrainState<SensorDirectoryState>(new SensorDirectoryState());
            await storage.ReadStateAsync("sensor-directory", grainId, state);
            stored = state.State ?? stored;
        }

        Assert.Equal(SensorDirectoryStatus.Silent, stored.Sensors["stored"].Status);
    }
}
