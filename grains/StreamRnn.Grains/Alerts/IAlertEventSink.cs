using StreamRnn.Contracts;

namespace StreamRnn.Grains.Alerts;

/// <summary>Where alert lifecycle events and suppression events go (the silo's Kafka producer on <c>Kafka:AlertEventsTopic</c>).</summary>
public interface IAlertEventSink
{
    /// <summary>Publishes an event durably (returns when the sink has accepted it).</summary>
    ValueTask PublishAsync(AlertLifecycleEvent lifecycleEvent, CancellationToken cancellationToken);

    /// <summary>Publishes a suppression made or lifted durably, on the same topic.</summary>
    ValueTask PublishAsync(SuppressionEvent suppressionEvent, CancellationToken cancellationToken);
}
