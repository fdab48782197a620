using System.Diagnostics;
using Confluent.Kafka;
using StreamRnn.Kafka;

namespace StreamRnn.Hosting.Alerts;

/// <summary>
/// An idempotent producer to one topic (no linger: <see cref="SinkProducerConfig"/>), created on first use: each message keyed (by sensor id), carrying the current
/// trace context, and awaited for at most <see cref="DeliveryTimeout"/>. Disposing flushes it once, however often it is
/// called (a sink registered under two service types is disposed twice).
/// </summary>
internal sealed class KafkaTopicPublisher : IDisposable
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(30);

    private readonly Lazy<IProducer<string, byte[]>> _producer;
    private int _disposed;

    public KafkaTopicPublisher(IKafkaConnection connection, KafkaOptions options, string topic)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        Topic = topic;
        _producer = new Lazy<IProducer<string, byte[]>>(() => new ProducerBuilder<string, byte[]>(SinkProducerConfig.Create(connection, options)).Build());
    }

    public string Topic { get; }

    /// <summary>Writes <paramref name="value"/> under <paramref name="key"/> and waits for the broker's acknowledgement.</summary>
    public async ValueTask PublishAsync(string key, byte[] value, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DeliveryTimeout);
        var message = new Message<string, byte[]> { Key = key, Value = value, Headers = [] };
        KafkaTraceContext.Inject(Activity.Current, message.Headers);
        await _producer.Value.ProduceAsync(Topic, message, timeout.Token).ConfigureAwait(false);
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
