using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using StreamRnn.Contracts;
using StreamRnn.Grains;
using StreamRnn.Kafka;
using StreamRnn.Telemetry;

namespace StreamRnn.Hosting.Alerts;

/// <summary>
/// Writes every reading's score to <c>Kafka:ScoresTopic</c> (key = sensor id, value = <see cref="SensorScoreJson"/>)
/// through an idempotent producer (no linger: <see cref="SinkProducerConfig"/>), so one sensor's scores stay in order. At least once: after a crash the
/// redelivered readings are scored again with the same source partition and offset.
/// </summary>
public sealed class KafkaScoreSink : IScoreSink, IDisposable
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(30);

    private readonly Lazy<IProducer<string, byte[]>> _producer;
    private readonly string _topic;
    private int _disposed;

    public KafkaScoreSink(IKafkaConnection connection, IOptions<KafkaOptions> options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        _topic = options.Value.ScoresTopic ?? throw new InvalidOperationException("Kafka:ScoresTopic is not set.");
        _producer = new Lazy<IProducer<string, byte[]>>(() => new ProducerBuilder<string, byte[]>(SinkProducerConfig.Create(connection, options.Value)).Build());
    }

    public bool Enabled => true;

    public async ValueTask PublishAsync(IReadOnlyList<SensorScore> scores, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scores);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DeliveryTimeout);
        var deliveries = new Task[scores.Count];
        using var activity = StreamRnnActivities.Source.HasListeners()
            ? StreamRnnActivities.Source.StartActivity(StreamRnnActivities.ScorePublish, ActivityKind.Producer)
            : null;
        activity?.SetTag("messaging.system", "kafka");
        activity?.SetTag("messaging.destination.name", _topic);
        activity?.SetTag("messaging.batch.message_count", scores.Count);
        for (var i = 0; i < scores.Count; i++)
        {
            var message = new Message<string, byte[]> { Key = scores[i].SensorId, Value = SensorScoreJson.Serialize(scores[i]) };
            if (activity is not null)
            {
                message.Headers = [];
                KafkaTraceContext.Inject(activity, message.Headers);
            }

            deliveries[i] = _producer.Value.ProduceAsync(_topic, message, timeout.Token);
        }

        await Task.WhenAll(deliveries).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _producer.IsValueCreated)
        {
            _producer.Value.Flush(TimeSpan.FromSeconds(10));
            _producer.Value.Dispose();
        }
    }
}
