using StreamRnn.Contracts;

namespace StreamRnn.Grains.SensorListing;

/// <summary>What a <see cref="SensorDirectoryGrain"/> stores: its sensors (bounded by <see cref="SensorDirectoryOptions.MaxPerShard"/>) and how many it let go.</summary>
[GenerateSerializer, Alias("streamrnn.sensor-directory-state")]
public sealed class SensorDirectoryState
{
    [Id(0)]
    public Dictionary<string, SensorDirectoryEntry> Sensors { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Sensors dropped from the listing by the bound (or refused by it) since the shard began; one that reports again is listed again.</summary>
    [Id(1)]
    public long Unlisted { get; set; }
}
