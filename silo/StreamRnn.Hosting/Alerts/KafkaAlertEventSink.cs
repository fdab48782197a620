using Microsoft.Extensions.Options;
using StreamRnn.Contracts;
using StreamRnn.Grains.Alerts;
using StreamRnn.Kafka;

namespace StreamRnn.Hosting.Alerts;

/// <summary>
/// Writes alert lifecycle events (and suppressions made and lifted, <see cref="SuppressionEventJson"/>) to <c>Kafka:AlertEventsTopic</c> (key = sensor id, value = <see cref="AlertLifecycleEventJson"/>)
/// through an idempotent producer. Event ids are deterministic per (alert, transition), so consumers can drop duplicates.
/// </summary>
public sealed partial class KafkaAlertEventSink : IAlertEventSink, IDisposable
{
    private readonly KafkaTopicPublisher _publisher;
    private readonly ILogger<KafkaAlertEventSink> _logger;

    public KafkaAlertEventSink(IKafkaConnection connection, IOptions<KafkaOptions> options, ILogger<KafkaAlertEventSink> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _publisher = new KafkaTopicPublisher(connection, options.Value, options.Value.AlertEventsTopic);
        _logger = logger;
    }

    public async ValueTask PublishAsync(AlertLifecycleEvent lifecycleEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lifecycleEvent);
        await _publisher.PublishAsync(lifecycleEvent.SensorId, AlertLifecycleEventJson.Serialize(lifecycleEvent), cancellationToken).ConfigureAwait(false);
        LogEvent(lifecycleEvent.Transition, lifecycleEvent.AlertId, lifecycleEvent.SensorId, lifecycleEvent.By, lifecycleEvent.EventId);
    }

    public async ValueTask PublishAsync(SuppressionEvent suppressionEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(suppressionEvent);
        var key = suppressionEvent.SensorId ?? $"*{suppressionEvent.Kind}";
        await _publisher.PublishAsync(key, SuppressionEventJson.Serialize(suppressionEvent), cancellationToken).ConfigureAwait(false);
        LogSuppressionEvent(suppressionEvent.Transition, key, suppressionEvent.By, suppressionEvent.EventId);
    }

    public void Dispose() => _publisher.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {AlertId} on sensor {SensorId} {Transition} by {By} (event {EventId})")]
    private partial void LogEvent(AlertTransitionKind transition, string alertId, string sensorId, string by, string eventId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Suppression of {Target} {Transition} by {By} (event {EventId})")]
    private partial void LogSuppressionEvent(SuppressionTransitionKind transition, string target, string by, string eventId);
}
