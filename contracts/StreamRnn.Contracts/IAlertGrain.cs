namespace StreamRnn.Contracts;

/// <summary>
/// One alert event (key: the <see cref="SensorAlert.AlertId"/> of its start), in grain storage. Every transition publishes
/// one <see cref="AlertLifecycleEvent"/>. An illegal transition throws <see cref="InvalidOperationException"/> naming the
/// state and who put it there; nothing changes then. Operators go through <see cref="IAlertIndexGrain"/> (which keeps the
/// listing in step), or <see cref="AlertLifecycle"/>.
/// </summary>
public interface IAlertGrain : IGrainWithStringKey
{
    /// <summary>The record; null when no alert has this id.</summary>
    ValueTask<AlertRecord?> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>Records a raised start (open, or suppressed by <paramref name="suppression"/>); a replayed start returns the record as it is.</summary>
    ValueTask<AlertRecord> OpenAsync(SensorAlert start, AlertAction? suppression, CancellationToken cancellationToken = default);

    /// <summary>Open → acknowledged. Refused when acknowledged, resolved or suppressed.</summary>
    ValueTask<AlertRecord> AcknowledgeAsync(string by, string reason, CancellationToken cancellationToken = default);

    /// <summary>Open, acknowledged or suppressed → resolved. Refused when already resolved.</summary>
    ValueTask<AlertRecord> ResolveAsync(string by, string reason, CancellationToken cancellationToken = default);

    /// <summary>The sensor ended the event: resolved by "sensor", keeping any acknowledgement; no change when already resolved.</summary>
    ValueTask<AlertRecord> EndAsync(SensorAlert ending, CancellationToken cancellationToken = default);
}
