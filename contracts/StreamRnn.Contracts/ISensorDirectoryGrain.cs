using Orleans.Concurrency;

namespace StreamRnn.Contracts;

/// <summary>
/// One shard of the sensor directory (key: <see cref="SensorDirectory.ShardOf"/>), in grain storage: every sensor that
/// reported, with its status, last alert and last seen time, bounded per shard. A sensor reports when its status
/// changes and when it was last seen longer ago than <c>SensorDirectory:SeenInterval</c>, never per reading.
/// </summary>
public interface ISensorDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Records a sensor's report (a report older than the one kept changes nothing).</summary>
    ValueTask ReportAsync(SensorDirectoryReport report, CancellationToken cancellationToken = default);

    /// <summary>The sensor's entry, or null when this shard does not list it.</summary>
    [ReadOnly]
    ValueTask<SensorDirectoryEntry?> GetAsync(string sensorId, CancellationToken cancellationToken = default);

    /// <summary>This shard's part of a page: its first <see cref="SensorDirectoryQuery.Limit"/> matches, its match count and its unlisted count.</summary>
    [ReadOnly]
    ValueTask<SensorDirectoryPage> SearchAsync(SensorDirectoryQuery query, CancellationToken cancellationToken = default);
}
