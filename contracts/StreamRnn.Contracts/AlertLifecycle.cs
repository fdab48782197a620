using System.Security.Cryptography;
using System.Text;

namespace StreamRnn.Contracts;

/// <summary>
/// The alert lifecycle as clients use it: an alert's shard, lifecycle event ids, and the operator's actions and listing
/// across every shard (no scan of sensors: <see cref="Shards"/> calls at most).
/// </summary>
public static class AlertLifecycle
{
    /// <summary>
    /// How many <see cref="IAlertIndexGrain"/> shards the listing has. Fixed: a sensor's shard must not move between
    /// versions, or its open events would not be found when they end.
    /// </summary>
    public const int Shards = 16;

    /// <summary>The shard of a sensor's alerts (a stable hash, the same in every process and version).</summary>
    public static int ShardOf(string sensorId)
    {
        ArgumentNullException.ThrowIfNull(sensorId);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(sensorId), hash);
        return (int)(BitConverter.ToUInt32(hash) % Shards);
    }

    /// <summary>The shard that publishes a suppression's events: its sensor's, or shard 0 for a kind on every sensor (held by every shard).</summary>
    public static int HomeShardOf(AlertSuppression suppression)
    {
        ArgumentNullException.ThrowIfNull(suppression);
        return suppression.SensorId is { } sensor ? ShardOf(sensor) : 0;
    }

    /// <summary>The id of an alert's lifecycle event: the same for the same (alert, transition).</summary>
    public static string EventId(string alertId, AlertTransitionKind transition)
    {
        ArgumentNullException.ThrowIfNull(alertId);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{alertId}\n{transition}"), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }

    public static async Task<AlertRecord> AcknowledgeAsync(this IGrainFactory grains, string alertId, string by, string reason, CancellationToken cancellationToken = default)
    {
        var shard = await ShardOfAlertAsync(grains, alertId, cancellationToken);
        return await shard.AcknowledgeAsync(alertId, by, reason, cancellationToken);
    }

    public static async Task<AlertRecord> ResolveAsync(this IGrainFactory grains, string alertId, string by, string reason, CancellationToken cancellationToken = default)
    {
        var shard = await ShardOfAlertAsync(grains, alertId, cancellationToken);
        return await shard.ResolveAsync(alertId, by, reason, cancellationToken);
    }

    /// <summary>The alerts of every shard that match, newest first, at most <see cref="AlertQuery.Limit"/>.</summary>
    public static async Task<AlertRecord[]> ListAlertsAsync(this IGrainFactory grains, AlertQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(query);
        var shards = query.SensorId is { } sensor ? [ShardOf(sensor)] : Enumerable.Range(0, Shards);
        var lists = await Task.WhenAll(shards.Select(shard => grains.GetGrain<IAlertIndexGrain>(shard).ListAsync(query, cancellationToken).AsTask()));
        return [.. lists.SelectMany(list => list).OrderByDescending(record => record.Raised.Timestamp).ThenBy(record => record.AlertId, StringComparer.Ordinal).Take(query.Limit)];
    }

    /// <summary>Suppresses a sensor (on its shard) or a kind on every sensor (on every shard).</summary>
    public static async Task SuppressAsync(this IGrainFactory grains, AlertSuppression suppression, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(suppression);
        if (suppression.SensorId is null && suppression.Kind is null)
        {
            throw new ArgumentException("A suppression names a sensor, a kind, or both.", nameof(suppression));
        }

        await Task.WhenAll(ShardsOf(suppression.SensorId).Select(shard => grains.GetGrain<IAlertIndexGrain>(shard).SuppressAsync(suppression, cancellationToken).AsTask()));
    }

    /// <summary>Lifts the suppression with this target, recording who and why; the lifted suppression, or null when there was none.</summary>
    public static async Task<AlertSuppression?> UnsuppressAsync(this IGrainFactory grains, string? sensorId, AlertKind? kind, AlertAction lifted, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(lifted);
        ArgumentException.ThrowIfNullOrWhiteSpace(lifted.By);
        ArgumentException.ThrowIfNullOrWhiteSpace(lifted.Reason);
        var shards = await Task.WhenAll(ShardsOf(sensorId).Select(shard => grains.GetGrain<IAlertIndexGrain>(shard).UnsuppressAsync(sensorId, kind, lifted, cancellationToken).AsTask()));
        return shards.FirstOrDefault(found => found is not null);
    }

    /// <summary>The suppressions lifted last, newest first (a kind-wide one once).</summary>
    public static async Task<AlertSuppression[]> ListLiftedSuppressionsAsync(this IGrainFactory grains, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var lists = await Task.WhenAll(Enumerable.Range(0, Shards).Select(shard => grains.GetGrain<IAlertIndexGrain>(shard).GetLiftedAsync(cancellationToken).AsTask()));
        return [.. lists.SelectMany(list => list).Distinct().OrderByDescending(s => s.Lifted?.At)];
    }

    /// <summary>Every suppression in force (a kind-wide one once).</summary>
    public static async Task<AlertSuppression[]> ListSuppressionsAsync(this IGrainFactory grains, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var lists = await Task.WhenAll(Enumerable.Range(0, Shards).Select(shard => grains.GetGrain<IAlertIndexGrain>(shard).GetSuppressionsAsync(cancellationToken).AsTask()));
        return [.. lists.SelectMany(list => list).Distinct().OrderBy(s => s.SensorId, StringComparer.Ordinal).ThenBy(s => s.Kind)];
    }

    private static IEnumerable<int> ShardsOf(string? sensorId) => sensorId is null ? Enumerable.Range(0, Shards) : [ShardOf(sensorId)];

    private static async Task<IAlertIndexGrain> ShardOfAlertAsync(IGrainFactory grains, string alertId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var record = await grains.GetGrain<IAlertGrain>(alertId).GetAsync(cancellationToken)
            ?? throw new InvalidOperationException($"No alert has id '{alertId}'.");
        return grains.GetGrain<IAlertIndexGrain>(ShardOf(record.SensorId));
    }
}
