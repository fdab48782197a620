using System.Diagnostics;
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
    private readonly KafkaTopicPublisher _publisher;
    private readonly ILogger<KafkaAlertSink> _logger;

    public KafkaAlertSink(IKafkaConnection connection, IOptions<KafkaOptions> options, ILogger<KafkaAlertSink> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _publisher = new KafkaTopicPublisher(connection, options.Value, options.Value.AlertsTopic);
        _logger = logger;
    }

    public async ValueTask PublishAsync(SensorAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        using var activity = StreamRnnActivities.Source.HasListeners()
            ? StreamRnnActivities.Source.StartActivity(StreamRnnActivities.AlertPublish, ActivityKind.Producer)
            : null;
        activity?.SetTag("messaging.system", "kafka");
        activity?.SetTag("messaging.destination.name", _publisher.Topic);
        activity?.SetTag("streamrnn.alert.kind", alert.Kind.ToString());
        await _publisher.PublishAsync(alert.SensorId, SensorAlertJson.Serialize(alert), cancellationToken).ConfigureAwait(false);
        LogAlert(alert.Kind.ToString().ToUpperInvariant(), alert.Phase == AlertPhase.Start ? string.Empty : " " + alert.Phase.ToString().ToUpperInvariant(), alert.SensorId, alert.Timestamp, alert.Value, alert.Expected, alert.Score, alert.ModelVersion, alert.AlertId);
    }

    /// <summary>Registered under two service types, so the container may call this twice; the publisher flushes once.</summary>
    public void Dispose() => _publisher.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "ALERT {Kind}{Phase} sensor={SensorId} time={Timestamp:O} value={Value:G6} expected={Expected:G6} score={Score:F5} model=v{ModelVersion} id={AlertId}")]
    private partial void LogAlert(string kind, string phase, string sensorId, DateTimeOffset timestamp, double value, double expected, double score, int modelVersion, string alertId);
}
