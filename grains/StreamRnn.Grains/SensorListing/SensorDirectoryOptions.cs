using System.ComponentModel.DataAnnotations;

namespace StreamRnn.Grains.SensorListing;

/// <summary>
/// The sensor directory (section <c>SensorDirectory</c>): how many shards, how many sensors each lists, how often a
/// sensor with no change says it is still there, and how often a shard writes what changed.
/// </summary>
public sealed class SensorDirectoryOptions
{
    public const string SectionName = "SensorDirectory";

    private const int DefaultShards = 64;
    private const int DefaultMaxPerShard = 4_000;
    private static readonly TimeSpan DefaultSeenInterval = TimeSpan.FromHours(1);
    private static readonly TimeSpan DefaultWriteInterval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Shards (<see cref="Contracts.ISensorDirectoryGrain"/> keys 0 to this less one). Changing it moves sensors to other
    /// shards: the listing fills again as sensors report (within <see cref="SeenInterval"/>); the old shards are not read.
    /// </summary>
    [Range(1, 4_096)]
    public int Shards { get; set; } = DefaultShards;

    /// <summary>Sensors one shard lists; beyond it the longest-unseen normal sensor leaves the listing (counted as unlisted).</summary>
    [Range(10, 1_000_000)]
    public int MaxPerShard { get; set; } = DefaultMaxPerShard;

    /// <summary>A sensor whose status did not change reports again once its last report is older than this (its "last seen").</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan SeenInterval { get; set; } = DefaultSeenInterval;

    /// <summary>How often a shard with changes writes its state (and when it deactivates): at most this much of reports is lost with a silo.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan WriteInterval { get; set; } = DefaultWriteInterval;
}
