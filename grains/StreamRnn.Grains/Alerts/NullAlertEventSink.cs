using StreamRnn.Contracts;

namespace StreamRnn.Grains.Alerts;

/// <summary>Drops lifecycle events: for hosts without Kafka (the silo registers its Kafka sink instead).</summary>
public sealed class NullAlertEventSink : IAlertEventSink
{
    public ValueTask PublishAsync(AlertLifecycleEvent lifecycleEvent, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask PublishAsync(SuppressionEvent suppressionEvent, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
