namespace StreamRnn.Contracts;

/// <summary>Names of the Orleans streams StreamRnn publishes.</summary>
public static class StreamNames
{
    /// <summary>The stream provider name, on silos and clients.</summary>
    public const string Provider = "StreamRnn";

    /// <summary>The stream namespace of alerts.</summary>
    public const string AlertsNamespace = "alerts";

    /// <summary>The stream namespace of alert lifecycle events (<see cref="AlertLifecycleEvent"/>; key <see cref="AllAlertsKey"/>).</summary>
    public const string AlertEventsNamespace = "alert-events";

    /// <summary>The key of the stream that carries every alert of the cluster.</summary>
    public const string AllAlertsKey = "all";

    /// <summary>The storage that holds stream subscriptions.</summary>
    public const string PubSubStore = "PubSubStore";
}
