using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using StreamRnn.Contracts;
using StreamRnn.Grains;
using StreamRnn.Kafka;
using StreamRnn.Telemetry;

namespace StreamRnn.Hosting.Alerts;

/// <summary>
/// Writes alerts to the alerts topic (key = sensor id, value = <see cref="SensorAlertJson"/>) through an
/// idempotent producer, and prints each one. Alert ids are deterministic, so a replay or a redelivery
/// produces the same ids and consumers can drop duplicates.
/// </summary>
public sealed partial class KafkaAlertSink : IAlertSink, IDisposable
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(30);

    private readonly Lazy<IProducer<string, byte[]>> _producer;
    private readonly string _topic;
    private readonly ILogger<KafkaAlertSink> _logger;
    private int _disposed;

    public KafkaAlertSink(IKafkaConnection connection, IOptions<KafkaOptions> options, ILogger<KafkaAlertSink> logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        _topic = options.Value.AlertsTopic;
        _logger = logger;
        _producer = new Lazy<IProducer<string, byte[]>>(() => new ProducerBuilder<string, byte[]>(connection.CreateProducerConfig()).Build());
    }

    public async ValueTask PublishAsync(SensorAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DeliveryTimeout);
        var message = new Message<string, byte[]> { Key = alert.SensorId, Value = SensorAlertJson.Serialize(alert), Headers = [] };
        using var activity = StreamRnnActivities.Source.HasListeners()
            ? StreamRnnActivities.Source.StartActivity(StreamRnnActivities.AlertPublish, ActivityKind.Producer)
            : null;
        activity?.SetTag("messaging.system", "kafka");
        activity?.SetTag("messaging.destination.name", _topic);
        activity?.SetTag("streamrnn.alert.kind", alert.Kind.ToString());
        KafkaTraceContext.Inject(Activity.Current, message.Headers);
        await _producer.Value.ProduceAsync(_topic, message, timeout.Token).ConfigureAwait(false);
        LogAlert(alert.Kind.ToString().ToUpperInvariant(), alert.Phase == AlertPhase.Start ? string.Empty : " " + alert.Phase.ToString().ToUpperInvariant(), alert.SensorId, alert.Timestamp, alert.Value, alert.Expected, alert.Score, alert.ModelVersion, alert.AlertId);
    }

    public void Dispose()
    {
        // Registered under two service types, so the container may call this twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _producer.IsValueCreated)
        {
            _producer.Value.Flush(TimeSpan.FromSeconds(10));
            _producer.Value.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ALERT {Kind}{Phase} sensor={SensorId} time={Timestamp:O} value={Value:G6} expected={Expected:G6} score={Score:F5} model=v{ModelVersion} id={AlertId}")]
    private partial void LogAlert(string kind, string phase, string sensorId, DateTimeOffset timestamp, double value, double expected, double score, int modelVersion, string alertId);
}
