using System.Collections.Immutable;
using System.Diagnostics;
using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;
using StreamRnn.Contracts;
using StreamRnn.Kafka;

namespace StreamRnn.Hosting.Ingest;

/// <summary>
/// Dispatches one poll: parses each message, dead-letters the invalid ones, groups the valid ones by sensor
/// (order kept) and applies each group through its sensor grain, retrying a failed call. Only when all of
/// that is done are the poll's offsets stored, so a reading is committed only once its sensor state is written.
/// </summary>
internal sealed partial class IngestDispatcher
{
    private const int MaxLinks = 32;

    private readonly IGrainFactory _grainFactory;
    private readonly DeadLetterPublisher _deadLetters;
    private readonly IngestTelemetry _telemetry;
    private readonly int _channels;
    private readonly int _maxReadingBytes;
    private readonly int _maxRetries;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <param name="channels">Channels a reading must have (the model's); others are dead-lettered.</param>
    public IngestDispatcher(
        IGrainFactory grainFactory,
        DeadLetterPublisher deadLetters,
        IngestTelemetry telemetry,
        int channels,
        int maxReadingBytes,
        int maxRetries,
        TimeProvider timeProvider,
        ILogger logger)
    {
        _grainFactory = grainFactory;
        _deadLetters = deadLetters;
        _telemetry = telemetry;
        _channels = channels;
        _maxReadingBytes = maxReadingBytes;
        _maxRetries = maxRetries;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public async Task DispatchAsync(List<ConsumeResult<byte[]?, byte[]?>> poll, IConsumer<byte[]?, byte[]?> consumer, CancellationToken cancellationToken)
    {
        _telemetry.Polled(poll.Count);
        _telemetry.Consumed(poll.Count);

        // One consumer span per poll, linked to the producers' traces; grain calls made under it
        // carry it on (Orleans activity propagation).
        using var activity = IngestTelemetry.ActivitySource.HasListeners()
            ? IngestTelemetry.ActivitySource.StartActivity("ingest poll", ActivityKind.Consumer, default(ActivityContext), links: ProducerLinks(poll))
            : null;
        activity?.SetTag("messaging.system", "kafka");
        activity?.SetTag("messaging.batch.message_count", poll.Count);
        var bySensor = new Dictionary<string, ImmutableArray<SensorReading>.Builder>(StringComparer.Ordinal);
        var deadLetters = new List<Task>();
        foreach (var message in poll)
        {
            var parsed = ReadingCodec.Parse(message.Message.Key, message.Message.Value, _channels, _maxReadingBytes);
            if (!parsed.IsValid)
            {
                deadLetters.Add(_deadLetters.PublishAsync(message, parsed.Reason, parsed.Detail, cancellationToken));
                continue;
            }

            if (!bySensor.TryGetValue(parsed.SensorId, out var readings))
            {
                readings = ImmutableArray.CreateBuilder<SensorReading>();
                bySensor.Add(parsed.SensorId, readings);
            }

            readings.Add(new SensorReading(message.Partition.Value, message.Offset.Value, parsed.Timestamp, ImmutableArray.Create(parsed.Values)));
        }

        var applies = new List<Task>(bySensor.Count + deadLetters.Count);
        foreach (var (sensorId, readings) in bySensor)
        {
            applies.Add(ApplyWithRetriesAsync(sensorId, new SensorReadingBatch(readings.ToImmutable()), cancellationToken));
        }

        applies.AddRange(deadLetters);
        await Task.WhenAll(applies);

        // Everything in the poll is applied or dead-lettered: its offsets may be committed.
        StoreOffsets(poll, consumer);
    }

    private static List<ActivityLink> ProducerLinks(List<ConsumeResult<byte[]?, byte[]?>> poll)
    {
        var links = new List<ActivityLink>();
        foreach (var message in poll)
        {
            if (KafkaTraceContext.TryExtract(message.Message.Headers, out var context))
            {
                links.Add(new ActivityLink(context));
                if (links.Count == MaxLinks)
                {
                    break;
                }
            }
        }

        return links;
    }

    private async Task ApplyWithRetriesAsync(string sensorId, SensorReadingBatch batch, CancellationToken cancellationToken)
    {
        var grain = _grainFactory.GetGrain<ISensorGrain>(sensorId);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await grain.ApplyAsync(batch, cancellationToken);
                return;
            }
            catch (Exception exception) when (attempt < _maxRetries && exception is not OperationCanceledException)
            {
                LogApplyRetry(exception, sensorId, attempt + 1);
                await Task.Delay(TimeSpan.FromMilliseconds(100 * (1 << attempt)), _timeProvider, cancellationToken);
            }
        }
    }

    /// <summary>Stores, per partition, the offset after the poll's last message there.</summary>
    private void StoreOffsets(List<ConsumeResult<byte[]?, byte[]?>> poll, IConsumer<byte[]?, byte[]?> consumer)
    {
        foreach (var last in poll.GroupBy(m => m.TopicPartition).Select(g => g.MaxBy(m => m.Offset.Value)!))
        {
            try
            {
                consumer.StoreOffset(new TopicPartitionOffset(last.TopicPartition, last.Offset + 1));
            }
            catch (KafkaException exception) when (exception.Error.Code == ErrorCode.Local_State)
            {
                // The partition was revoked meanwhile; its new owner re-reads from the last commit and
                // the sensors skip what they already applied.
                LogStoreSkipped(last.Partition.Value);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Applying readings to sensor {SensorId} failed; retry {Attempt}")]
    private partial void LogApplyRetry(Exception exception, string sensorId, int attempt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Offset of revoked partition {Partition} not stored")]
    private partial void LogStoreSkipped(int partition);
}
