using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;
using Microsoft.Extensions.Options;
using StreamRnn.Models;
using StreamRnn.Kafka;

namespace StreamRnn.Hosting.Ingest;

/// <summary>
/// This silo's member of the ingest consumer group. A dedicated thread consumes <c>sensor-readings</c>
/// into polls (<see cref="IngestPollLoop"/>); an async dispatcher (<see cref="IngestDispatcher"/>) parses
/// each poll, dead-letters invalid messages (<see cref="DeadLetterPublisher"/>), groups the valid ones by
/// sensor (order kept) and applies them through sensor grains. Offsets are stored only after every reading
/// of a poll is applied (and every invalid one is in the dead-letter topic), and auto-commit commits stored
/// offsets: a reading is committed only when the sensor state that includes it is written. This service
/// owns the consumer: its start and stop, the rebalance handlers and the commits they and stopping make.
/// </summary>
public sealed partial class KafkaIngestService : BackgroundService
{
    private readonly IKafkaConnection _connection;
    private readonly IGrainFactory _grainFactory;
    private readonly KafkaOptions _kafkaOptions;
    private readonly IngestOptions _options;
    private readonly int _channels;
    private readonly IngestTelemetry _telemetry;
    private readonly TimeProvider _timeProvider;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<KafkaIngestService> _logger;

    public KafkaIngestService(
        IKafkaConnection connection,
        IGrainFactory grainFactory,
        IOptions<KafkaOptions> kafkaOptions,
        IOptions<IngestOptions> options,
        IOptions<ModelOptions> modelOptions,
        IngestTelemetry telemetry,
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

        // The other parts log as this service, as they did when they were part of it.
        using var pollLoop = new IngestPollLoop(_options, _timeProvider, _logger);
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(_connection.CreateConsumerConfig(_kafkaOptions.ConsumerGroup))
            .SetErrorHandler((_, error) => LogKafkaError(error.Code, error.Reason, error.IsFatal))
            .SetPartitionsAssignedHandler((_, partitions) => LogPartitions("assigned", partitions.Select(p => p.Partition.Value)))
            .SetPartitionsRevokedHandler((c, partitions) => OnRevoked(c, partitions, pollLoop))
            .Build();
        using var deadLetters = new DeadLetterPublisher(_connection, _kafkaOptions.DeadLetterTopic, _telemetry, _logger);
        var dispatcher = new IngestDispatcher(_grainFactory, deadLetters, _telemetry, _channels, _kafkaOptions.MaxReadingBytes, _options.MaxRetries, _timeProvider, _logger);

        consumer.Subscribe(_kafkaOptions.ReadingsTopic);
        LogStarted(_kafkaOptions.ReadingsTopic, _kafkaOptions.ConsumerGroup, _connection.BootstrapServers);
        pollLoop.Start(consumer, stoppingToken);
        try
        {
            // Polls are dispatched one after another, so each sensor sees its readings in order.
            await foreach (var poll in pollLoop.Polls.ReadAllAsync(CancellationToken.None))
            {
                try
                {
                    await dispatcher.DispatchAsync(poll, consumer, CancellationToken.None);
                }
                finally
                {
                    pollLoop.Dispatched();
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
            pollLoop.Join();
            CommitStored(consumer);

            consumer.Close();
            deadLetters.Flush(TimeSpan.FromSeconds(10));
            LogStopped();
        }
    }

    private void OnRevoked(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> partitions, IngestPollLoop pollLoop)
    {
        // Let the dispatcher finish what was polled before giving the partitions away, then commit.
        pollLoop.WaitForDispatcher();
        CommitStored(consumer);
        pollLoop.Revoked(partitions.Select(p => p.TopicPartition));
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

    [LoggerMessage(Level = LogLevel.Critical, Message = "Ingest failed and stops; uncommitted readings will be redelivered")]
    private partial void LogIngestFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Offset commit failed")]
    private partial void LogCommitFailed(Exception exception);
}
