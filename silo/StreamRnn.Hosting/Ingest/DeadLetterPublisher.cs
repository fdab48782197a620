using Confluent.Kafka;
using StreamRnn.Kafka;

namespace StreamRnn.Hosting.Ingest;

/// <summary>
/// Writes invalid readings to the dead-letter topic: the original key and value (cut to
/// <see cref="DeadLetterHeaders.MaxValueBytes"/>, so a reading of several MB cannot fail its own dead letter), with headers
/// that name the reason, a detail and the source topic, partition and offset (<see cref="DeadLetterHeaders"/>).
/// </summary>
internal sealed partial class DeadLetterPublisher : IDisposable
{
    private readonly IProducer<byte[]?, byte[]?> _producer;
    private readonly string _topic;
    private readonly IngestTelemetry _telemetry;
    private readonly ILogger _logger;

    public DeadLetterPublisher(IKafkaConnection connection, string topic, IngestTelemetry telemetry, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _producer = new ProducerBuilder<byte[]?, byte[]?>(connection.CreateProducerConfig()).Build();
        _topic = topic;
        _telemetry = telemetry;
        _logger = logger;
    }

    /// <summary>Writes <paramref name="source"/> to the dead-letter topic and counts it once it is acknowledged.</summary>
    public async Task PublishAsync(ConsumeResult<byte[]?, byte[]?> source, DeadLetterReason reason, string detail, CancellationToken cancellationToken)
    {
        var headers = DeadLetterHeaders.Create(reason, detail, source.TopicPartitionOffset);
        var (key, value) = DeadLetterHeaders.Bound(source.Message.Key, source.Message.Value, headers);
        var message = new Message<byte[]?, byte[]?> { Key = key, Value = value, Headers = headers };
        await _producer.ProduceAsync(_topic, message, cancellationToken);
        _telemetry.DeadLettered(reason.ToCode());
        LogDeadLettered(reason.ToCode(), source.Partition.Value, source.Offset.Value);
    }

    /// <summary>Waits (up to <paramref name="timeout"/>) for messages still in flight.</summary>
    public void Flush(TimeSpan timeout) => _producer.Flush(timeout);

    public void Dispose() => _producer.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-lettered a reading ({Reason}) from partition {Partition} offset {Offset}")]
    private partial void LogDeadLettered(string reason, int partition, long offset);
}
