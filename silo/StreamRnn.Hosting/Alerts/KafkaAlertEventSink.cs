using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using StreamRnn.Contracts;
using StreamRnn.Grains.Alerts;
using StreamRnn.Kafka;

namespace StreamRnn.Hosting.Alerts;

/// <summary>
/// Writes alert lifecycle events to <c>Kafka:AlertEventsTopic</c> (key = sensor id, value = <see cref="AlertLifecycleEventJson"/>)
/// through an idempotent producer. Event ids are deterministic per (alert, transition), so consumers can drop duplicates.
/// </summary>
public sealed partial class KafkaAlertEventSink : IAlertEventSink, IDisposable
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(30);

    private readonly Lazy<IProducer<string, byte[]>> _producer;
    private readonly string _topic;
    private readonly ILogger<KafkaAlertEventSink> _logger;
    private int _disposed;

    public KafkaAlertEventSink(IKafkaConnection connection, IOptions<KafkaOptions> options, ILogger<KafkaAlertEventSink> logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        _topic = options.Value.AlertEventsTopic;
        _logger = logger;
        _producer = new Lazy<IProducer<string, byte[]>>(() => new ProducerBuilder<string, byte[]>(connection.CreateProducerConfig()).Build());
    }

    public async ValueTask PublishAsync(AlertLifecycleEvent lifecycleEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lifecycleEvent);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DeliveryTimeout);
        var message = new Message<string, byte[]> { Key = lifecycleEvent.SensorId, Value = AlertLifecycleEventJson.Serialize(lifecycleEvent), Headers = [] };
        KafkaTraceContext.Inject(Activity.Current, message.Headers);
        await _producer.Value.ProduceAsync(_topic, message, timeout.Token).ConfigureAwait(false);
        LogEvent(lifecycleEvent.Transition, lifecycleEvent.AlertId, lifecycleEvent.SensorId, lifecycleEvent.By, lifecycleEvent.EventId);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _producer.IsValueCreated)
        {
            _producer.Value.Flush(TimeSpan.FromSeconds(10));
            _producer.Value.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {AlertId} on sensor {SensorId} {Transition} by {By} (event {EventId})")]
    private partial void LogEvent(AlertTransitionKind transition, string alertId, string sensorId, string by, string eventId);
}
