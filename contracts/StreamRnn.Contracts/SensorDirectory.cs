using System.Security.Cryptography;
using System.Text;

namespace StreamRnn.Contracts;

/// <summary>The sensor directory as clients use it: a sensor's shard, and a search with paging across every shard.</summary>
public static class SensorDirectory
{
    /// <summary>The shard of <paramref name="sensorId"/> among <paramref name="shards"/> (a stable hash, the same in every process and version).</summary>
    public static int ShardOf(string sensorId, int shards)
    {
        ArgumentNullException.ThrowIfNull(sensorId);
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(sensorId), hash);
        return (int)(BitConverter.ToUInt32(hash) % (uint)shards);
    }

    /// <summary>
    /// A page across the <paramref name="shards"/> shards: each returns its first matches after the cursor, merged in id
    /// order (one call per shard, in parallel).
    /// </summary>
    public static async Task<SensorDirectoryPage> SearchAsync(this IGrainFactory grains, int shards, SensorDirectoryQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        var parts = await Task.WhenAll(Enumerable.Range(0, shards).Select(shard => grains.GetGrain<ISensorDirectoryGrain>(shard).SearchAsync(query, cancellationToken).AsTask()));
        var merged = parts.SelectMany(part => part.Sensors).OrderBy(entry => entry.SensorId, StringComparer.Ordinal).ToList();
        var matched = parts.Sum(part => part.Matched);
        var page = merged.Take(query.Limit).ToArray();
        var next = matched > page.Length ? page[^1].SensorId : null;
        return new SensorDirectoryPage([.. page], matched, parts.Sum(part => part.Unlisted), next);
    }
}
