using Confluent.Kafka;
using Microsoft.Extensions.Options;
using StreamRnn.Contracts;
using StreamRnn.Grains;
using StreamRnn.Kafka;

namespace StreamRnn.Hosting.Ingest;

/// <summary>
/// The sensors' dead letters: a valid reading a sensor refused goes to the dead-letter topic with its reason
/// (<c>processing-failed</c> with the exception in the detail, <c>out-of-order</c>, <c>duplicate-timestamp</c>) and the
/// source partition and offset (<see cref="DeadLetterHeaders"/>).
/// Key: the sensor id; value: the reading as <see cref="ReadingCodec.Serialize"/> writes it (the parsed reading, which
/// <see cref="ReadingCodec"/> reads back).
/// </summary>
public sealed partial class KafkaDeadLetterSink : IDeadLetterSink, IDisposable
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(30);

    private readonly Lazy<IProducer<string, byte[]>> _producer;
    private readonly KafkaOptions _options;
    private readonly IngestTelemetry _telemetry;
    private readonly ILogger<KafkaDeadLetterSink> _logger;

    public KafkaDeadLetterSink(IKafkaConnection connection, IOptions<KafkaOptions> options, IngestTelemetry telemetry, ILogger<KafkaDeadLetterSink> logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _telemetry = telemetry;
        _logger = logger;
        _producer = new Lazy<IProducer<string, byte[]>>(() => new ProducerBuilder<string, byte[]>(connection.CreateProducerConfig()).Build());
    }

    public async ValueTask PublishAsync(string sensorId, SensorReading reading, ReadingRejection rejection, string detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reading);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DeliveryTimeout);
        var reason = rejection switch
        {
            ReadingRejection.OutOfOrder => DeadLetterReason.OutOfOrder,
            ReadingRejection.DuplicateTimestamp => DeadLetterReason.DuplicateTimestamp,
            _ => DeadLetterReason.ProcessingFailed,
        };
        var source = new TopicPartitionOffset(_options.ReadingsTopic, reading.Partition, reading.Offset);
        var message = new Message<string, byte[]>
        {
            Key = sensorId,
            Value = ReadingCodec.Serialize(reading.Timestamp, [.. reading.Values]),
            Headers = DeadLetterHeaders.Create(reason, detail, source),
        };
        await _producer.Value.ProduceAsync(_options.DeadLetterTopic, message, timeout.Token).ConfigureAwait(false);
        _telemetry.DeadLettered(reason.ToCode());
        LogDeadLettered(sensorId, reason.ToCode(), reading.Partition, reading.Offset);
    }

    public void Dispose()
    {
        if (_producer.IsValueCreated)
        {
            _producer.Value.Flush(TimeSpan.FromSeconds(10));
            _producer.Value.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-lettered a reading of sensor {SensorId} ({Reason}) from partition {Partition} offset {Offset}")]
    private partial void LogDeadLettered(string sensorId, string reason, int partition, long offset);
}
