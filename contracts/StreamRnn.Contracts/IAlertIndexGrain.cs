using Orleans.Concurrency;

namespace StreamRnn.Contracts;

/// <summary>
/// One of <see cref="AlertLifecycle.Shards"/> shards of the alert listing (key: <see cref="AlertLifecycle.ShardOf"/> of a
/// sensor id), in grain storage: the not-yet-resolved alerts of its sensors, the last closed ones, each sensor's open
/// event per kind (so an end finds its start) and the suppressions that apply to its sensors.
/// </summary>
public interface IAlertIndexGrain : IGrainWithIntegerKey
{
    /// <summary>A sensor raised <paramref name="alert"/>: records it; false when it is suppressed (the sensor must not publish it).</summary>
    ValueTask<bool> RaiseAsync(SensorAlert alert, CancellationToken cancellationToken = default);

    ValueTask<AlertRecord> AcknowledgeAsync(string alertId, string by, string reason, CancellationToken cancellationToken = default);

    ValueTask<AlertRecord> ResolveAsync(string alertId, string by, string reason, CancellationToken cancellationToken = default);

    /// <summary>The shard's alerts matching <paramref name="query"/>, newest first.</summary>
    [ReadOnly]
    ValueTask<AlertRecord[]> ListAsync(AlertQuery query, CancellationToken cancellationToken = default);

    /// <summary>Adds a suppression, replacing one with the same target.</summary>
    ValueTask SuppressAsync(AlertSuppression suppression, CancellationToken cancellationToken = default);

    /// <summary>Lifts the suppression with this target (<paramref name="lifted"/>: who, why, when); the lifted suppression, or null when there was none.</summary>
    ValueTask<AlertSuppression?> UnsuppressAsync(string? sensorId, AlertKind? kind, AlertAction lifted, CancellationToken cancellationToken = default);

    /// <summary>The suppressions lifted last (at most 50), newest first.</summary>
    [ReadOnly]
    ValueTask<AlertSuppression[]> GetLiftedAsync(CancellationToken cancellationToken = default);

    /// <summary>The suppressions in force.</summary>
    [ReadOnly]
    ValueTask<AlertSuppression[]> GetSuppressionsAsync(CancellationToken cancellationToken = default);
}
