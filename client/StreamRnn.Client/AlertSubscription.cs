using Orleans.Streams;
using StreamRnn.Contracts;

namespace StreamRnn.Client;

/// <summary>Live alerts from the cluster's Orleans alerts stream.</summary>
public static class AlertSubscription
{
    /// <summary>Calls <paramref name="onAlert"/> for each alert until the returned handle is unsubscribed.</summary>
    public static Task<StreamSubscriptionHandle<SensorAlert>> SubscribeAsync(IClusterClient client, Func<SensorAlert, Task> onAlert)
    {
        ArgumentNullException.ThrowIfNull(client);
        var stream = client.GetStreamProvider(StreamNames.Provider)
            .GetStream<SensorAlert>(StreamId.Create(StreamNames.AlertsNamespace, StreamNames.AllAlertsKey));
        return stream.SubscribeAsync((alert, _) => onAlert(alert));
    }

    /// <summary>Calls <paramref name="onEvent"/> for each alert lifecycle event until the returned handle is unsubscribed.</summary>
    public static Task<StreamSubscriptionHandle<AlertLifecycleEvent>> SubscribeToLifecycleAsync(IClusterClient client, Func<AlertLifecycleEvent, Task> onEvent)
    {
        ArgumentNullException.ThrowIfNull(client);
        var stream = client.GetStreamProvider(StreamNames.Provider)
            .GetStream<AlertLifecycleEvent>(StreamId.Create(StreamNames.AlertEventsNamespace, StreamNames.AllAlertsKey));
        return stream.SubscribeAsync((lifecycleEvent, _) => onEvent(lifecycleEvent));
    }
}
