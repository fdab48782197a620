using System.Collections.Immutable;
using System.Diagnostics;
using System.Threading.Channels;
using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;
using Microsoft.Extensions.Options;
using StreamRnn.Contracts;
using StreamRnn.Models;
using StreamRnn.Batching;
using StreamRnn.Telemetry;
using StreamRnn.Models.Checkpoints;
using StreamRnn.Kafka;

namespace StreamRnn.Hosting.Ingest;

/// <summary>
/// This silo's member of the ingest consumer group. A dedicated thread consumes <c>sensor-readings</c>
/// into polls; an async dispatcher parses each poll, dead-letters invalid messages, groups the valid ones
/// by sensor (order kept) and applies them through sensor grains. Offsets are stored only after every
/// reading of a poll is applied (and every invalid one is in the dead-letter topic), and auto-commit
/// commits stored offsets: a reading is committed only when the sensor state that includes it is written.
/// </summary>
public sealed partial class KafkaIngestService : BackgroundService
{
    private const int PollQueueCapacity = 2;

    private readonly IKafkaConnection _connection;
    private readonly IGrainFactory _grainFactory;
    private readonly KafkaOptions _kafkaOptions;
    private readonly IngestOptions _options;
    private readonly int _channels;
    private readonly IngestTelemetry _telemetry;
    private readonly PipelineCounters _counters;
    private readonly TimeProvider _timeProvider;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<KafkaIngestService> _logger;
    private readonly Channel<List<ConsumeResult<byte[]?, byte[]?>>> _polls =
        Channel.CreateUnbounded<List<ConsumeResult<byte[]?, byte[]?>>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    // Back-pressure: at most PollQueueCapacity polls are consumed but not yet dispatched. The consume
    // thread takes a slot (a blocking wait is right on that dedicated thread); the dispatcher returns it.
    private readonly SemaphoreSlim _pollSlots = new(PollQueueCapacity, PollQueueCapacity);

    // Partitions revoked while a poll was being collected (set and read on the consume thread only).
    private HashSet<TopicPartition>? _revokedDuringPoll;

    public KafkaIngestService(
        IKafkaConnection connection,
        IGrainFactory grainFactory,
        IOptions<KafkaOptions> kafkaOptions,
        IOptions<IngestOptions> options,
        IOptions<ModelOptions> modelOptions,
        IngestTelemetry telemetry,
        PipelineCounters counters,
        TimeProvider timeProvider,
        IHostApplicationLifetime lifetime,
        ILogger<KafkaIngestService> logger)
    {
        ArgumentNullException.ThrowIfNull(kafkaOptions);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(modelOptions);
        _connection = connection;
        _grainFactory = grainFactory;
        _kafkaOptions = kafkaOptions.Value;
        _options = options.Value;

        // A reading must have as many channels as the model takes; others are dead-lettered.
        _channels = modelOptions.Value.Channels;
        _telemetry = telemetry;
        _counters = counters;
        _timeProvider = timeProvider;
        _lifetime = lifetime;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            LogDisabled();
            return;
        }

        // Grain calls need a running silo: start consuming once the host (and so the silo) has started.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (_lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        await _connection.EnsureTopicsAsync(stoppingToken);
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(_connection.CreateConsumerConfig(_kafkaOptions.ConsumerGroup))
            .SetErrorHandler((_, error) => LogKafkaError(error.Code, error.Reason, error.IsFatal))
            .SetPartitionsAssignedHandler((_, partitions) => LogPartitions("assigned", partitions.Select(p => p.Partition.Value)))
            .SetPartitionsRevokedHandler((c, partitions) => OnRevoked(c, partitions))
            .Build();
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(_connection.CreateProducerConfig()).Build();

        var consumeThread = new Thread(() => ConsumeLoop(consumer, stoppingToken))
        {
            IsBackground = true,
            Name = "StreamRnn Kafka ingest",
        };
        consumer.Subscribe(_kafkaOptions.ReadingsTopic);
        LogStarted(_kafkaOptions.ReadingsTopic, _kafkaOptions.ConsumerGroup, _connection.BootstrapServers);
        consumeThread.Start();
        try
        {
            // Polls are dispatched one after another, so each sensor sees its readings in order.
            await foreach (var poll in _polls.Reader.ReadAllAsync(CancellationToken.None))
            {
                try
                {
                    await DispatchAsync(poll, consumer, producer, CancellationToken.None);
                }
                finally
                {
                    _pollSlots.Release();
                }
            }
        }
        catch (Exception exception)
        {
            LogIngestFailed(exception);
            _lifetime.StopApplication();
            throw;
        }
        finally
        {
            consumeThread.Join();
            CommitStored(consumer);

            consumer.Close();
            _pollSlots.Dispose();
            producer.Flush(TimeSpan.FromSeconds(10));
            LogStopped();
        }
    }

    /// <summary>Runs on the dedicated thread: Consume blocks.</summary>
    private void ConsumeLoop(IConsumer<byte[]?, byte[]?> consumer, CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                _pollSlots.Wait(stoppingToken);
                var poll = Poll(consumer, stoppingToken);
                if (poll.Count == 0)
                {
                    _pollSlots.Release();
                    continue;
                }

                _polls.Writer.TryWrite(poll);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ConsumeException exception) when (exception.Error.IsFatal)
        {
            LogKafkaError(exception.Error.Code, exception.Error.Reason, true);
        }
        finally
        {
            _polls.Writer.TryComplete();
        }
    }

    private List<ConsumeResult<byte[]?, byte[]?>> Poll(IConsumer<byte[]?, byte[]?> consumer, CancellationToken stoppingToken)
    {
        var poll = new List<ConsumeResult<byte[]?, byte[]?>>();
        _revokedDuringPoll = null;
        var first = consumer.Consume(_options.PollTimeout);
        if (first is null || first.IsPartitionEOF)
        {
            return poll;
        }

        poll.Add(first);
        var started = _timeProvider.GetTimestamp();
        while (poll.Count < _options.MaxPollRecords && !stoppingToken.IsCancellationRequested
            && _timeProvider.GetElapsedTime(started) < _options.MaxPollDuration)
        {
            var next = consumer.Consume(TimeSpan.Zero);
            if (next is null)
            {
                break;
            }

            if (!next.IsPartitionEOF)
            {
                poll.Add(next);
            }
        }

        if (_revokedDuringPoll is { } revoked)
        {
            // Their new owner reads them again from the last commit: dispatching them here as well
            // would dead-letter invalid ones twice.
            poll.RemoveAll(message => revoked.Contains(message.TopicPartition));
            _revokedDuringPoll = null;
        }

        return poll;
    }

    private async Task DispatchAsync(List<ConsumeResult<byte[]?, byte[]?>> poll, IConsumer<byte[]?, byte[]?> consumer, IProducer<byte[]?, byte[]?> producer, CancellationToken cancellationToken)
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
            var parsed = ReadingCodec.Parse(message.Message.Key, message.Message.Value, _channels, _kafkaOptions.MaxReadingBytes);
            if (!parsed.IsValid)
            {
                deadLetters.Add(DeadLetterAsync(producer, message, parsed.Reason, parsed.Detail, cancellationToken));
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

    private static List<ActivityLink> ProducerLinks(List<ConsumeResult<byte[]?, byte[]?>> poll)
    {
        const int MaxLinks = 32;
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
                var result = await grain.ApplyAsync(batch, cancellationToken);
                _counters.AddReadings(result.Applied);
                _counters.AddDuplicates(result.Duplicates);
                return;
            }
            catch (Exception exception) when (attempt < _options.MaxRetries && exception is not OperationCanceledException)
            {
                LogApplyRetry(exception, sensorId, attempt + 1);
                await Task.Delay(TimeSpan.FromMilliseconds(100 * (1 << attempt)), _timeProvider, cancellationToken);
            }
        }
    }

    private async Task DeadLetterAsync(IProducer<byte[]?, byte[]?> producer, ConsumeResult<byte[]?, byte[]?> source, DeadLetterReason reason, string detail, CancellationToken cancellationToken)
    {
        var message = new Message<byte[]?, byte[]?>
        {
            Key = source.Message.Key,
            Value = source.Message.Value,
            Headers = DeadLetterHeaders.Create(reason, detail, source.TopicPartitionOffset),
        };
        await producer.ProduceAsync(_kafkaOptions.DeadLetterTopic, message, cancellationToken);
        _counters.AddDeadLettered();
        _telemetry.DeadLettered(reason.ToCode());
        LogDeadLettered(reason.ToCode(), source.Partition.Value, source.Offset.Value);
    }

    private void OnRevoked(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> partitions)
    {
        // Let the dispatcher finish what was polled before giving the partitions away, then commit.
        // This runs on the consume thread inside Consume, which holds one poll slot itself.
        var deadline = _timeProvider.GetTimestamp();
        var spinner = new SpinWait();
        while (_pollSlots.CurrentCount < PollQueueCapacity - 1 && _timeProvider.GetElapsedTime(deadline) < TimeSpan.FromSeconds(30))
        {
            spinner.SpinOnce(sleep1Threshold: 10);
        }

        CommitStored(consumer);
        (_revokedDuringPoll ??= []).UnionWith(partitions.Select(p => p.TopicPartition));
        LogPartitions("revoked", partitions.Select(p => p.Partition.Value));
    }

    private void CommitStored(IConsumer<byte[]?, byte[]?> consumer)
    {
        try
        {
            consumer.Commit();
        }
        catch (KafkaException exception) when (exception.Error.Code == ErrorCode.Local_NoOffset)
        {
            // Nothing stored since the last commit.
        }
        catch (KafkaException exception)
        {
            LogCommitFailed(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingest is disabled (Ingest:Enabled=false)")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingest consuming {Topic} as group {Group} from {BootstrapServers}")]
    private partial void LogStarted(string topic, string group, string bootstrapServers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingest stopped")]
    private partial void LogStopped();

    private void LogPartitions(string change, IEnumerable<int> partitions)
    {
        if (_logger.IsEnabled(LogLevel.Information))
        {
#pragma warning disable CA1873 // Guarded by IsEnabled just above.
            LogPartitionsChanged(change, string.Join(",", partitions));
#pragma warning restore CA1873
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Partitions {Change}: {Partitions}")]
    private partial void LogPartitionsChanged(string change, string partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka error {Code}: {Reason} (fatal: {IsFatal})")]
    private partial void LogKafkaError(ErrorCode code, string reason, bool isFatal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-lettered a reading ({Reason}) from partition {Partition} offset {Offset}")]
    private partial void LogDeadLettered(string reason, int partition, long offset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Applying readings to sensor {SensorId} failed; retry {Attempt}")]
    private partial void LogApplyRetry(Exception exception, string sensorId, int attempt);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Ingest failed and stops; uncommitted readings will be redelivered")]
    private partial void LogIngestFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Offset commit failed")]
    private partial void LogCommitFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Offset of revoked partition {Partition} not stored")]
    private partial void LogStoreSkipped(int partition);
}
