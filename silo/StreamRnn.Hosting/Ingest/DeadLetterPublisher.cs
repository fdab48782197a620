using Confluent.Kafka;
using StreamRnn.Kafka;

namespace StreamRnn.Hosting.Ingest;

/// <summary>
/// Writes invalid readings to the dead-letter topic: the original key and value (cut to
/// <see cref="DeadLetterHeaders.MaxValueBytes"/>, so a reading of several MB cannot fail its own dead letter), with headers
/// that name the reason, a detail and the source topic, partition and offset (<see cref="DeadLetterHeaders"/>).
/// Dead letters are at least once: the source topic, partition and offset are a dead letter's identity. This publisher
/// remembers, per source partition, the highest offset it has written, so a replay on this silo (a rewind, or a
/// partition revoked and assigned back) writes none again; only a partition that moves to another silo before a
/// checkpoint committed it is dead-lettered again there (<c>streamrnn.ingest.redeliveries</c> counts those hand-offs).
/// </summary>
internal sealed partial class DeadLetterPublisher : IDisposable
{
    private readonly IProducer<byte[]?, byte[]?> _producer;
    private readonly string _topic;
    private readonly IngestTelemetry _telemetry;
    private readonly ILogger _logger;
    private readonly Dictionary<TopicPartition, long> _written = [];

    public DeadLetterPublisher(IKafkaConnection connection, string topic, IngestTelemetry telemetry, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _producer = new ProducerBuilder<byte[]?, byte[]?>(connection.CreateProducerConfig()).Build();
        _topic = topic;
        _telemetry = telemetry;
        _logger = logger;
    }

    /// <summary>
    /// Writes <paramref name="source"/> to the dead-letter topic and counts it once it is acknowledged; does nothing
    /// when this publisher has written that source offset (or a later one of its partition) before.
    /// </summary>
    public async Task PublishAsync(ConsumeResult<byte[]?, byte[]?> source, DeadLetterReason reason, string detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (WrittenBefore(source.TopicPartitionOffset))
        {
            _telemetry.DeadLetterSkipped();
            return;
        }

        var headers = DeadLetterHeaders.Create(reason, detail, source.TopicPartitionOffset);
        var (key, value) = DeadLetterHeaders.Bound(source.Message.Key, source.Message.Value, headers);
        var message = new Message<byte[]?, byte[]?> { Key = key, Value = value, Headers = headers };
        await _producer.ProduceAsync(_topic, message, cancellationToken);
        Written(source.TopicPartitionOffset);
        _telemetry.DeadLettered(reason.ToCode());
        LogDeadLettered(reason.ToCode(), source.Partition.Value, source.Offset.Value);
    }

    /// <summary>Waits (up to <paramref name="timeout"/>) for messages still in flight.</summary>
    public void Flush(TimeSpan timeout) => _producer.Flush(timeout);

    public void Dispose() => _producer.Dispose();

    // A poll's dead letters are written concurrently, and a poll is applied only when all of them are acknowledged
    // (a failed one stops ingest): once a replay starts, every offset up to the highest written one was written.
    private bool WrittenBefore(TopicPartitionOffset source)
    {
        lock (_written)
        {
            return _written.TryGetValue(source.TopicPartition, out var highest) && source.Offset.Value <= highest;
        }
    }

    private void Written(TopicPartitionOffset source)
    {
        lock (_written)
        {
            if (!_written.TryGetValue(source.TopicPartition, out var highest) || source.Offset.Value > highest)
            {
                _written[source.TopicPartition] = source.Offset.Value;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-lettered a reading ({Reason}) from partition {Partition} offset {Offset}")]
    private partial void LogDeadLettered(string reason, int partition, long offset);
}
