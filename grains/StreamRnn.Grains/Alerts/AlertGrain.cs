using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;
using StreamRnn.Contracts;

namespace StreamRnn.Grains.Alerts;

/// <summary>
/// One alert event's lifecycle (key: its start's alert id). A transition publishes its event (to the
/// <see cref="IAlertEventSink"/>, then the Orleans stream <see cref="StreamNames.AlertEventsNamespace"/>) before the state that
/// includes it is written: a failed write leaves the state as it was, and the retry publishes the same event id again.
/// </summary>
public sealed class AlertGrain(
    [PersistentState("alert", StorageNames.Sensors)] IPersistentState<AlertGrainState> state,
    IAlertEventSink events,
    AlertTelemetry telemetry,
    [FromKeyedServices(SensorGrain.ClockKey)] TimeProvider timeProvider) : Grain, IAlertGrain
{
    public ValueTask<AlertRecord?> GetAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(state.State.Record);

    public async ValueTask<AlertRecord> OpenAsync(SensorAlert start, AlertAction? suppression, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (state.State.Record is { } existing)
        {
            return existing;
        }

        var now = timeProvider.GetUtcNow();
        var record = new AlertRecord(start.AlertId, start.SensorId, start.Kind, suppression is null ? AlertState.Open : AlertState.Suppressed, start, now, Suppressed: suppression);
        var action = suppression ?? new AlertAction(AlertAction.Sensor, $"raised at partition {start.SourcePartition} offset {start.SourceOffset}", now);
        return await ChangeAsync(record, suppression is null ? AlertTransitionKind.Opened : AlertTransitionKind.Suppressed, action with { At = now }, cancellationToken);
    }

    public async ValueTask<AlertRecord> AcknowledgeAsync(string by, string reason, CancellationToken cancellationToken = default)
    {
        var record = Existing();
        if (record.State != AlertState.Open)
        {
            throw new InvalidOperationException($"Alert {record.AlertId} cannot be acknowledged: it is {Describe(record)}.");
        }

        var action = Action(by, reason);
        return await ChangeAsync(record with { State = AlertState.Acknowledged, Acknowledged = action }, AlertTransitionKind.Acknowledged, action, cancellationToken);
    }

    public async ValueTask<AlertRecord> ResolveAsync(string by, string reason, CancellationToken cancellationToken = default)
    {
        var record = Existing();
        if (record.State == AlertState.Resolved)
        {
            throw new InvalidOperationException($"Alert {record.AlertId} cannot be resolved: it is {Describe(record)}.");
        }

        var action = Action(by, reason);
        return await ChangeAsync(record with { State = AlertState.Resolved, Resolved = action }, AlertTransitionKind.Resolved, action, cancellationToken);
    }

    public async ValueTask<AlertRecord> EndAsync(SensorAlert ending, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ending);
        var record = Existing();
        if (record.State == AlertState.Resolved)
        {
            return record;
        }

        var action = new AlertAction(AlertAction.Sensor, $"event ended at partition {ending.SourcePartition} offset {ending.SourceOffset} ({ending.Timestamp:O})", timeProvider.GetUtcNow());
        return await ChangeAsync(record with { State = AlertState.Resolved, Resolved = action }, AlertTransitionKind.Resolved, action, cancellationToken);
    }

    private async Task<AlertRecord> ChangeAsync(AlertRecord record, AlertTransitionKind transition, AlertAction action, CancellationToken cancellationToken)
    {
        var raised = record.Raised;
        var lifecycleEvent = new AlertLifecycleEvent(
            AlertLifecycle.EventId(record.AlertId, transition), record.AlertId, record.SensorId, record.Kind, transition, record.State, action.By, action.Reason, action.At, raised.Timestamp, raised.SourcePartition, raised.SourceOffset);
        await events.PublishAsync(lifecycleEvent, cancellationToken);
        await this.GetStreamProvider(StreamNames.Provider)
            .GetStream<AlertLifecycleEvent>(StreamId.Create(StreamNames.AlertEventsNamespace, StreamNames.AllAlertsKey))
            .OnNextAsync(lifecycleEvent);
        state.State.Record = record;
        await state.WriteStateAsync(cancellationToken);
        telemetry.Transitioned(lifecycleEvent);
        return record;
    }

    private AlertRecord Existing() => state.State.Record ?? throw new InvalidOperationException($"No alert has id '{this.GetPrimaryKeyString()}'.");

    private AlertAction Action(string by, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new AlertAction(by.Trim(), reason.Trim(), timeProvider.GetUtcNow());
    }

    private static string Describe(AlertRecord record) => record.State switch
    {
        AlertState.Acknowledged => $"already acknowledged by {record.Acknowledged?.By} at {record.Acknowledged?.At:O}",
        AlertState.Resolved => $"already resolved by {record.Resolved?.By} at {record.Resolved?.At:O}",
        AlertState.Suppressed => $"suppressed by {record.Suppressed?.By} ({record.Suppressed?.Reason}); resolve it or let its event end",
        _ => "open",
    };
}
