using System.Diagnostics;
using Confluent.Kafka;
using StreamRnn.Contracts;

namespace StreamRnn.Hosting.Ingest;

/// <summary>
/// A checkpoint of ingest: every sensor delivered to since the last one persists its state
/// (<see cref="ISensorGrain.CheckpointAsync"/>, retried like an apply), and only then are the positions of the
/// dispatched polls committed. A reading is therefore committed only once the sensor state that includes it is
/// durable, and a restart from the committed offsets re-applies nothing a sensor holds (its applied offsets skip it).
/// </summary>
internal sealed partial class IngestBarrier
{
    private readonly IGrainFactory _grainFactory;
    private readonly IngestTelemetry _telemetry;
    private readonly int _maxRetries;
    private readonly SemaphoreSlim _calls;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <param name="calls">
    /// Slots for sensor calls, shared with the dispatcher: a checkpoint runs beside the dispatch of later polls, and the two
    /// together keep at most <see cref="IngestOptions.MaxConcurrentCalls"/> calls in flight (a checkpoint after a flood of
    /// new ids reaches many sensors, and reloads those already collected).
    /// </param>
    public IngestBarrier(IGrainFactory grainFactory, IngestTelemetry telemetry, int maxRetries, SemaphoreSlim calls, TimeProvider timeProvider, ILogger logger)
    {
        _calls = calls;
        _grainFactory = grainFactory;
        _telemetry = telemetry;
        _maxRetries = maxRetries;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Persists the sensors of <paramref name="cut"/>, then commits its positions. Returns false, committing nothing, when
    /// a sensor lost readings it had not persisted: the caller must replay from the committed offsets.
    /// </summary>
    public async Task<bool> RunAsync(IngestCheckpointCut cut, IConsumer<byte[]?, byte[]?> consumer, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        var persists = cut.DeliveredSensors
            .Select(pair => PersistBoundedAsync(pair.Key, pair.Value, cancellationToken))
            .ToList();
        var persisted = await Task.WhenAll(persists);
        if (persisted.Contains(false))
        {
            return false;
        }

        Commit(consumer, cut.Positions);
        var elapsed = _timeProvider.GetElapsedTime(started);
        _telemetry.Checkpointed(persists.Count, elapsed);
        LogCheckpoint(persists.Count, cut.Positions.Count, elapsed.TotalMilliseconds);
        return true;
    }

    private async Task<bool> PersistBoundedAsync(string sensorId, System.Collections.Immutable.ImmutableDictionary<int, long> delivered, CancellationToken cancellationToken)
    {
        await _calls.WaitAsync(cancellationToken);
        try
        {
            return await PersistWithRetriesAsync(sensorId, delivered, cancellationToken);
        }
        finally
        {
            _calls.Release();
        }
    }

    private Task<bool> PersistWithRetriesAsync(string sensorId, System.Collections.Immutable.ImmutableDictionary<int, long> delivered, CancellationToken cancellationToken)
    {
        var grain = _grainFactory.GetGrain<ISensorGrain>(sensorId);
        return IngestRetry.RunAsync(
            token => grain.CheckpointAsync(delivered, token).AsTask(),
            _maxRetries,
            (exception, attempt) => LogPersistRetry(exception, sensorId, attempt),
            _timeProvider,
            cancellationToken);
    }

    private void Commit(IConsumer<byte[]?, byte[]?> consumer, IReadOnlyList<TopicPartitionOffset> positions)
    {
        if (positions.Count == 0)
        {
            return;
        }

        try
        {
            consumer.Commit(positions);
        }
        catch (KafkaException exception)
        {
            // The sensors hold these readings durably; an uncommitted one is only re-read and skipped.
            LogCommitFailed(exception);
            _telemetry.Redelivered(IngestRedeliveryCause.CommitFailed);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Checkpoint: {Sensors} sensor(s) persisted, {Partitions} partition position(s) committed in {Milliseconds:F1} ms")]
    private partial void LogCheckpoint(int sensors, int partitions, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Persisting sensor {SensorId} at a checkpoint failed; retry {Attempt}")]
    private partial void LogPersistRetry(Exception exception, string sensorId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Offset commit failed; the readings are durable in their sensors and will be re-read and skipped")]
    private partial void LogCommitFailed(Exception exception);
}
