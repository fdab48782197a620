using Microsoft.Extensions.DependencyInjection;
using StreamRnn.Contracts;

namespace StreamRnn.Grains.Alerts;

/// <summary>
/// One shard of the alert listing (key: <see cref="AlertLifecycle.ShardOf"/>): a sensor hands each alert it raises here
/// before publishing it; operators act through here so the listing follows every transition. It calls
/// <see cref="IAlertGrain"/>s and nothing calls it back, so no call cycle can deadlock.
/// </summary>
public sealed class AlertIndexGrain(
    [PersistentState("alert-index", StorageNames.Sensors)] IPersistentState<AlertIndexState> state,
    IAlertEventSink events,
    [FromKeyedServices(SensorGrain.ClockKey)] TimeProvider timeProvider) : Grain, IAlertIndexGrain
{
    /// <summary>Unresolved alerts kept per shard; beyond it the oldest leave the listing (their grains keep them).</summary>
    public const int MaxLive = 5_000;

    /// <summary>Resolved alerts kept per shard for the listing.</summary>
    public const int MaxClosed = 200;

    /// <summary>Lifted suppressions kept per shard.</summary>
    public const int MaxLifted = 50;

    public async ValueTask<bool> RaiseAsync(SensorAlert alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var index = state.State;
        var eventKey = $"{alert.SensorId}\n{alert.Kind}";
        if (alert.Phase == AlertPhase.Start)
        {
            var now = timeProvider.GetUtcNow();
            var suppression = index.Suppressions.FirstOrDefault(s => s.Covers(alert.SensorId, alert.Kind, now));
            var record = await GrainFactory.GetGrain<IAlertGrain>(alert.AlertId).OpenAsync(alert, suppression?.Made, cancellationToken);
            if (record.State != AlertState.Resolved)
            {
                index.OpenEvents[eventKey] = record.AlertId;
            }

            await KeepAsync(record, cancellationToken);
            return record.State != AlertState.Suppressed;
        }

        if (!index.OpenEvents.TryGetValue(eventKey, out var startId))
        {
            // The start was raised before the lifecycle existed, or this end is replayed after it was handled.
            return true;
        }

        var alertGrain = GrainFactory.GetGrain<IAlertGrain>(startId);
        var current = await alertGrain.GetAsync(cancellationToken);
        var publish = current?.Suppressed is null;
        if (alert.Phase == AlertPhase.End && current is not null)
        {
            index.OpenEvents.Remove(eventKey);
            await KeepAsync(await alertGrain.EndAsync(alert, cancellationToken), cancellationToken);
        }

        return publish;
    }

    public async ValueTask<AlertRecord> AcknowledgeAsync(string alertId, string by, string reason, CancellationToken cancellationToken = default) =>
        await KeepAsync(await GrainFactory.GetGrain<IAlertGrain>(alertId).AcknowledgeAsync(by, reason, cancellationToken), cancellationToken);

    public async ValueTask<AlertRecord> ResolveAsync(string alertId, string by, string reason, CancellationToken cancellationToken = default) =>
        await KeepAsync(await GrainFactory.GetGrain<IAlertGrain>(alertId).ResolveAsync(by, reason, cancellationToken), cancellationToken);

    public ValueTask<AlertRecord[]> ListAsync(AlertQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var all = state.State.Live.Values.Concat(state.State.Closed);
        return ValueTask.FromResult<AlertRecord[]>([.. all.Where(query.Matches).OrderByDescending(r => r.Raised.Timestamp).Take(query.Limit)]);
    }

    public async ValueTask SuppressAsync(AlertSuppression suppression, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(suppression);
        await PublishOnceAsync(suppression, SuppressionTransitionKind.SuppressionMade, suppression.Made, cancellationToken);
        state.State.Suppressions.RemoveAll(s => s.SameTarget(suppression.SensorId, suppression.Kind) || s.Until <= timeProvider.GetUtcNow());
        state.State.Suppressions.Add(suppression);
        await state.WriteStateAsync(cancellationToken);
    }

    public async ValueTask<AlertSuppression?> UnsuppressAsync(string? sensorId, AlertKind? kind, AlertAction lifted, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lifted);
        var index = state.State;
        if (index.Suppressions.Find(s => s.SameTarget(sensorId, kind)) is not { } found)
        {
            return null;
        }

        // Published before the state is written, as the alerts' transitions: a retry publishes the same event id again.
        await PublishOnceAsync(found, SuppressionTransitionKind.SuppressionLifted, lifted, cancellationToken);
        var record = index.Lift(found, lifted, MaxLifted);
        await state.WriteStateAsync(cancellationToken);
        return record;
    }

    public ValueTask<AlertSuppression[]> GetLiftedAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<AlertSuppression[]>([.. Enumerable.Reverse(state.State.Lifted)]);

    public ValueTask<AlertSuppression[]> GetSuppressionsAsync(CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        return ValueTask.FromResult<AlertSuppression[]>([.. state.State.Suppressions.Where(s => s.Until > now)]);
    }

    /// <summary>Publishes a suppression's event from one shard only (<see cref="AlertLifecycle.HomeShardOf"/>), though a kind-wide one is held by every shard.</summary>
    private async Task PublishOnceAsync(AlertSuppression suppression, SuppressionTransitionKind transition, AlertAction action, CancellationToken cancellationToken)
    {
        if (this.GetPrimaryKeyLong() == AlertLifecycle.HomeShardOf(suppression))
        {
            await events.PublishAsync(SuppressionEvent.Of(suppression, transition, action), cancellationToken);
        }
    }

    /// <summary>Puts the record where its state says (live or closed), trims both to their bounds and writes.</summary>
    private async Task<AlertRecord> KeepAsync(AlertRecord record, CancellationToken cancellationToken)
    {
        var index = state.State;
        index.Closed.RemoveAll(r => r.AlertId == record.AlertId);
        if (record.State == AlertState.Resolved)
        {
            index.Live.Remove(record.AlertId);
            index.Closed.Add(record);
            index.Closed.RemoveRange(0, Math.Max(0, index.Closed.Count - MaxClosed));
        }
        else
        {
            index.Live[record.AlertId] = record;
            foreach (var oldest in index.Live.Values.OrderBy(r => r.RecordedAt).Take(Math.Max(0, index.Live.Count - MaxLive)).ToList())
            {
                index.Live.Remove(oldest.AlertId);
            }
        }

        await state.WriteStateAsync(cancellationToken);
        return record;
    }
}
