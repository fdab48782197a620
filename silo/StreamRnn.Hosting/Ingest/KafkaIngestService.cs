using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;
using Microsoft.Extensions.Options;
using StreamRnn.Models;
using StreamRnn.Kafka;
using StreamRnn.Grains.Models;
using StreamRnn.Hosting.Health;

namespace StreamRnn.Hosting.Ingest;

/// <summary>
/// This silo's member of the ingest consumer group. A dedicated thread consumes <c>sensor-readings</c>
/// into polls (<see cref="IngestPollLoop"/>); an async dispatcher (<see cref="IngestDispatcher"/>) parses
/// each poll, dead-letters invalid messages (<see cref="DeadLetterPublisher"/>), groups the valid ones by
/// sensor (order kept) and applies them through sensor grains, which keep their state in memory. Every
/// <c>Ingest:CheckpointInterval</c>, and before partitions are revoked or ingest stops, a checkpoint
/// (<see cref="IngestBarrier"/>) persists every sensor delivered to and only then commits the offsets: a
/// reading is committed only when the sensor state that includes it is durable. When a sensor lost readings it
/// had not persisted (its silo died), ingest rewinds to the committed offsets and replays; sensors skip what they hold.
/// </summary>
public sealed partial class KafkaIngestService : BackgroundService
{
    private const int StatisticsIntervalMs = 2000;

    private readonly IKafkaConnection _connection;
    private readonly IGrainFactory _grainFactory;
    private readonly KafkaOptions _kafkaOptions;
    private readonly IngestOptions _options;
    private readonly int _channels;
    private readonly IngestTelemetry _telemetry;
    private readonly TimeProvider _timeProvider;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ModelSyncStatus _modelSync;
    private readonly KafkaReachability _reachability;
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
        ModelSyncStatus modelSync,
        KafkaReachability reachability,
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
        _modelSync = modelSync;
        _reachability = reachability;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            LogDisabled();
            _reachability.NotUsed();
            return;
        }

        // Grain calls need a running silo: start consuming once the host (and so the silo) has started.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (_lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        // Readings are scored with the cluster's active model version, never with the seeded v1 a silo starts with.
        await _modelSync.FirstSync.WaitAsync(stoppingToken);
        // Retries until Kafka:StartupTimeout, then throws naming the bootstrap servers: the host stops, non-zero.
        await _connection.EnsureTopicsAsync(stoppingToken);
        _reachability.Reached();

        // The other parts log as this service, as they did when they were part of it.
        using var pollLoop = new IngestPollLoop(_options, _timeProvider, _logger, _reachability);
        var checkpoint = new IngestCheckpoint(_options.CheckpointInterval, _timeProvider);
        // One budget of sensor calls for dispatch and checkpoints together, which run side by side.
        using var calls = new SemaphoreSlim(_options.MaxConcurrentCalls, _options.MaxConcurrentCalls);
        var barrier = new IngestBarrier(_grainFactory, _telemetry, _options.MaxRetries, calls, _timeProvider, _logger);
        var consumerConfig = WithIngestDefaults(_connection.CreateConsumerConfig(_kafkaOptions.ConsumerGroup));
        IngestCheckpointRunner? checkpoints = null;

        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(consumerConfig)
            .SetErrorHandler((_, error) => OnKafkaError(error))
            .SetStatisticsHandler((_, statistics) =>
            {
                _reachability.OnStatistics(statistics);
                _telemetry.StatisticsReceived(statistics);
            })
            .SetPartitionsAssignedHandler((_, partitions) => LogPartitions("assigned", partitions.Select(p => p.Partition.Value)))
            .SetPartitionsRevokedHandler((_, partitions) => OnRevoked(partitions, pollLoop, checkpoint, checkpoints!))
            .Build();
        checkpoints = new IngestCheckpointRunner(barrier, checkpoint, consumer);
        using var deadLetters = new DeadLetterPublisher(_connection, _kafkaOptions.DeadLetterTopic, _telemetry, _logger);
        var dispatcher = new IngestDispatcher(_grainFactory, deadLetters, _telemetry, _channels, _kafkaOptions.MaxReadingBytes, _options.MaxFutureSkew, _options.MaxRetries, _options.MaxReadingsPerCall, calls, _timeProvider, _logger);

        consumer.Subscribe(_kafkaOptions.ReadingsTopic);
        LogStarted(_kafkaOptions.ReadingsTopic, _kafkaOptions.ConsumerGroup, _connection.BootstrapServers, _options.CheckpointInterval);
        pollLoop.Start(consumer, stoppingToken);
        var generation = 0L;
        try
        {
            // Polls are dispatched one after another, so each sensor sees its readings in order.
            await foreach (var poll in pollLoop.Polls.ReadAllAsync(CancellationToken.None))
            {
                try
                {
                    if (poll.Generation < generation)
                    {
                        // Read before a rewind: the replay from the committed offsets brings these again.
                        continue;
                    }

                    if (poll.Messages.Count > 0)
                    {
                        _reachability.Reached();
                    }

                    var complete = poll.Messages.Count == 0 || await DispatchAsync(dispatcher, poll, checkpoint);

                    // Checkpoints run beside the next polls' dispatch; a finished one's outcome is read here.
                    complete &= await checkpoints.TakeFinishedAsync();
                    if (complete)
                    {
                        checkpoints.StartIfDue();
                    }
                    else
                    {
                        // Replay from the committed offsets, once no checkpoint can commit any more.
                        await checkpoints.WaitAsync();
                        checkpoint.Reset();
                        generation = pollLoop.RequestRewind();
                        _telemetry.Rewound();
                    }
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

            // What was dispatched is persisted and committed before the consumer leaves its group.
            await FinalCheckpointAsync(checkpoints, checkpoint);
            consumer.Close();
            _telemetry.ConsumerClosed();
            deadLetters.Flush(TimeSpan.FromSeconds(10));
            LogStopped();
        }
    }

    /// <summary>Applies a poll of messages, timing its wait for the dispatcher and its dispatch.</summary>
    private async Task<bool> DispatchAsync(IngestDispatcher dispatcher, IngestPoll poll, IngestCheckpoint checkpoint)
    {
        var started = _timeProvider.GetTimestamp();
        _telemetry.PollWaited(_timeProvider.GetElapsedTime(poll.ConsumedAt, started));
        var complete = await dispatcher.DispatchAsync(poll.Messages, checkpoint, CancellationToken.None);
        _telemetry.Dispatched(_timeProvider.GetElapsedTime(started));
        return complete;
    }

    /// <summary>The ingest consumer's own defaults, each where the configuration does not set it.</summary>
    internal static ConsumerConfig WithIngestDefaults(ConsumerConfig config)
    {
        if (config.Get("statistics.interval.ms") is null)
        {
            // Statistics tell readiness when a broker is up again after every broker was down, and the consumer's lag.
            config.StatisticsIntervalMs = StatisticsIntervalMs;
        }

        return config;
    }

    private void OnKafkaError(Error error)
    {
        LogKafkaError(error.Code, error.Reason, error.IsFatal);
        _reachability.OnError(error);
    }

    private void OnRevoked(List<TopicPartitionOffset> partitions, IngestPollLoop pollLoop, IngestCheckpoint checkpoint, IngestCheckpointRunner checkpoints)
    {
        // Let the dispatcher finish what was polled before giving the partitions away, then checkpoint (this runs on the
        // consume thread, which may block; the dispatcher is idle once the polls are done). The next owner reads from the
        // commit; if the checkpoint could not be made, from the previous one, and the sensors skip what they hold.
        if (pollLoop.WaitForDispatcher())
        {
            FinalCheckpointAsync(checkpoints, checkpoint).GetAwaiter().GetResult();
        }
        else
        {
            // The dispatcher still owns the checkpoint: commit nothing now. The next owner reads from the last commit,
            // and the sensors skip what they hold; the dispatcher's next checkpoint persists what it delivered.
            LogRevokedWhileDispatching();
            _telemetry.Redelivered(IngestRedeliveryCause.RevokedWhileDispatching);
        }

        pollLoop.Revoked(partitions.Select(p => p.TopicPartition));
        LogPartitions("revoked", partitions.Select(p => p.Partition.Value));
    }

    /// <summary>
    /// A checkpoint before the partitions go (revoked, or ingest stopping), after the one running: its failure is logged,
    /// not thrown, and what was delivered is forgotten either way (what was not committed is read again from the commit).
    /// </summary>
    private async Task FinalCheckpointAsync(IngestCheckpointRunner checkpoints, IngestCheckpoint checkpoint)
    {
        try
        {
            if (!await checkpoints.RunNowAsync())
            {
                LogFinalCheckpointIncomplete();
                _telemetry.Redelivered(IngestRedeliveryCause.FinalCheckpointFailed);
            }
        }
        catch (Exception exception)
        {
            LogFinalCheckpointFailed(exception);
            _telemetry.Redelivered(IngestRedeliveryCause.FinalCheckpointFailed);
        }
        finally
        {
            checkpoint.Reset();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingest is disabled (Ingest:Enabled=false)")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingest consuming {Topic} as group {Group} from {BootstrapServers}, checkpointing every {CheckpointInterval}")]
    private partial void LogStarted(string topic, string group, string bootstrapServers, TimeSpan checkpointInterval);

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

    [LoggerMessage(Level = LogLevel.Critical, Message = "Ingest failed and stops, and the silo with it (non-zero exit code); uncommitted readings will be redelivered")]
    private partial void LogIngestFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The last checkpoint found a sensor that lost readings it had not persisted; nothing was committed, and they are replayed from the previous commit")]
    private partial void LogFinalCheckpointIncomplete();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partitions revoked while a poll was still being applied after 30 s; no checkpoint at this revocation, the next owner reads from the last commit")]
    private partial void LogRevokedWhileDispatching();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The last checkpoint failed; what was not committed is replayed from the previous commit")]
    private partial void LogFinalCheckpointFailed(Exception exception);
}
