using System.Collections.Immutable;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Confluent.Kafka;
using StreamRnn.Contracts;
using StreamRnn.Kafka;
using StreamRnn.Telemetry;

namespace StreamRnn.Hosting.Ingest;

/// <summary>
/// Dispatches one poll: parses each message, dead-letters the invalid ones, groups the valid ones by sensor
/// (order kept) and applies each group through its sensor grain in calls of at most
/// <see cref="IngestOptions.MaxReadingsPerCall"/> readings, one after another, retrying a failed call. Each batch names what the
/// sensor was delivered before it (<see cref="SensorReadingBatch.DeliveredBefore"/>); when all of the poll is done,
/// its deliveries and positions go to the <see cref="IngestCheckpoint"/>, which alone lets offsets be committed.
/// </summary>
internal sealed partial class IngestDispatcher
{
    private const int MaxLinks = 32;

    private readonly IGrainFactory _grainFactory;
    private readonly DeadLetterPublisher _deadLetters;
    private readonly IngestTelemetry _telemetry;
    private readonly int _channels;
    private readonly int _maxReadingBytes;
    private readonly TimeSpan _maxFutureSkew;
    private readonly int _maxRetries;
    private readonly int _maxReadingsPerCall;
    private readonly SemaphoreSlim _calls;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    // The sensor ids of keys already read: a known key costs no new string and no checks again.
    private readonly SensorIdCache _sensorIds = new();

    /// <param name="channels">Channels a reading must have (the model's); others are dead-lettered.</param>
    /// <param name="calls">Slots for sensor calls, shared with the checkpoints (<see cref="IngestBarrier"/>): a poll of many distinct sensors activates them a bounded number at a time, checkpoint calls included.</param>
    /// <param name="maxReadingsPerCall">The most readings in one grain call: a hot sensor's share of a poll is split into calls of this size.</param>
    public IngestDispatcher(
        IGrainFactory grainFactory,
        DeadLetterPublisher deadLetters,
        IngestTelemetry telemetry,
        int channels,
        int maxReadingBytes,
        TimeSpan maxFutureSkew,
        int maxRetries,
        int maxReadingsPerCall,
        SemaphoreSlim calls,
        TimeProvider timeProvider,
        ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxReadingsPerCall, 1);
        _grainFactory = grainFactory;
        _deadLetters = deadLetters;
        _telemetry = telemetry;
        _channels = channels;
        _maxReadingBytes = maxReadingBytes;
        _maxFutureSkew = maxFutureSkew;
        _maxRetries = maxRetries;
        _maxReadingsPerCall = maxReadingsPerCall;
        _calls = calls;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Applies a poll. Returns false when a sensor refused its batch because it lost readings it had not persisted
    /// (<see cref="ApplyResult.StateLost"/>): the caller must then replay from the committed offsets.
    /// </summary>
    public async Task<bool> DispatchAsync(List<ConsumeResult<byte[]?, byte[]?>> poll, IngestCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        _telemetry.Polled(poll.Count);
        _telemetry.Consumed(poll.Count);

        // One consumer span per poll, linked to the producers' traces; grain calls made under it
        // carry it on (Orleans activity propagation).
        // Each sensor call made for it is a child of its first reading's producer span (ApplySensorAsync), so each
        // reading's trace goes on through the grains. Nothing of this is allocated when no tracer listens.
        var traced = StreamRnnActivities.Source.HasListeners();
        using var activity = traced
            ? StreamRnnActivities.Source.StartActivity(StreamRnnActivities.IngestPoll, ActivityKind.Consumer, default(ActivityContext), links: ProducerLinks(poll))
            : null;
        activity?.SetTag("messaging.system", "kafka");
        activity?.SetTag("messaging.batch.message_count", poll.Count);
        var bySensor = new Dictionary<string, ImmutableArray<SensorReading>.Builder>(StringComparer.Ordinal);
        var producers = traced ? new Dictionary<string, List<ActivityContext>>(StringComparer.Ordinal) : null;
        var deadLetters = new List<Task>();
        var latestTimestamp = _timeProvider.GetUtcNow() + _maxFutureSkew;
        foreach (var message in poll)
        {
            var parsed = ReadingCodec.Parse(message.Message.Key, message.Message.Value, _channels, _maxReadingBytes, latestTimestamp, _sensorIds);
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

            // The parsed values are a new array of the reading's own: taken as they are, not copied again.
            readings.Add(new SensorReading(message.Partition.Value, message.Offset.Value, parsed.Timestamp, ImmutableCollectionsMarshal.AsImmutableArray(parsed.Values)));
            if (producers is not null)
            {
                if (!producers.TryGetValue(parsed.SensorId, out var contexts))
                {
                    contexts = [];
                    producers.Add(parsed.SensorId, contexts);
                }

                contexts.Add(KafkaTraceContext.TryExtract(message.Message.Headers, out var context) ? context : default);
            }
        }

        var sensors = new List<(string SensorId, Task<(List<SensorReadingBatch> Delivered, bool StateLost)> Apply)>(bySensor.Count);
        foreach (var (sensorId, readings) in bySensor)
        {
            sensors.Add((sensorId, ApplySensorAsync(sensorId, readings.ToImmutable(), producers?[sensorId], checkpoint.DeliveredTo(sensorId), cancellationToken)));
        }

        await Task.WhenAll(sensors.Select(s => (Task)s.Apply).Concat(deadLetters));
        var complete = true;
        foreach (var (sensorId, apply) in sensors)
        {
            var (delivered, stateLost) = apply.Result;
            foreach (var batch in delivered)
            {
                checkpoint.Delivered(sensorId, batch);
            }

            complete &= !stateLost;
        }

        // Everything in the poll is applied or dead-lettered: its positions may be committed at the next checkpoint.
        if (complete)
        {
            checkpoint.Dispatched(poll);
        }

        return complete;
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

    /// <summary>
    /// Applies one sensor's readings of the poll in calls of at most <see cref="_maxReadingsPerCall"/>, in order, each
    /// naming what the calls before it delivered; stops at a call the sensor refuses (<see cref="ApplyResult.StateLost"/>).
    /// </summary>
    /// <param name="producers">The producer span context of each reading (default where it has none); null when not traced.</param>
    private async Task<(List<SensorReadingBatch> Delivered, bool StateLost)> ApplySensorAsync(
        string sensorId, ImmutableArray<SensorReading> readings, List<ActivityContext>? producers, ImmutableDictionary<int, long> deliveredBefore, CancellationToken cancellationToken)
    {
        var poll = Activity.Current;
        var delivered = new List<SensorReadingBatch>((readings.Length + _maxReadingsPerCall - 1) / _maxReadingsPerCall);
        for (var start = 0; start < readings.Length; start += _maxReadingsPerCall)
        {
            var chunk = start == 0 && readings.Length <= _maxReadingsPerCall
                ? readings
                : readings.Slice(start, Math.Min(_maxReadingsPerCall, readings.Length - start));
            var batch = new SensorReadingBatch(chunk) { DeliveredBefore = deliveredBefore };
            ApplyResult result;
            await _calls.WaitAsync(cancellationToken);
            var activity = producers is null ? null : StartApplyActivity(sensorId, chunk[0], producers, start, chunk.Length);
            try
            {
                result = await ApplyWithRetriesAsync(sensorId, batch, cancellationToken);
            }
            finally
            {
                _calls.Release();
                if (activity is not null)
                {
                    activity.Dispose();

                    // A span whose parent is a remote producer leaves no current span when it stops: back to the poll's.
                    Activity.Current = poll;
                }
            }

            if (result.StateLost)
            {
                return (delivered, true);
            }

            delivered.Add(batch);
            deliveredBefore = IngestCheckpoint.Including(deliveredBefore, chunk);
        }

        return (delivered, false);
    }

    /// <summary>
    /// The span of one sensor call: a child of the first of its readings that carries a producer context (of the poll's
    /// span when none does), linked to the other readings' producers.
    /// </summary>
    private static Activity? StartApplyActivity(string sensorId, SensorReading first, List<ActivityContext> producers, int start, int count)
    {
        ActivityContext parent = default;
        List<ActivityLink>? links = null;
        for (var i = start; i < start + count; i++)
        {
            var context = producers[i];
            if (context == default)
            {
                continue;
            }

            if (parent == default)
            {
                parent = context;
            }
            else if ((links ??= []).Count < MaxLinks)
            {
                links.Add(new ActivityLink(context));
            }
        }

        var activity = StreamRnnActivities.Source.StartActivity(StreamRnnActivities.IngestApply, ActivityKind.Consumer, parent, links: links);
        activity?.SetTag("messaging.system", "kafka");
        activity?.SetTag("messaging.batch.message_count", count);
        activity?.SetTag("messaging.destination.partition.id", first.Partition);
        activity?.SetTag("messaging.kafka.offset", first.Offset);
        activity?.SetTag("streamrnn.sensor.id", sensorId);
        return activity;
    }

    private Task<ApplyResult> ApplyWithRetriesAsync(string sensorId, SensorReadingBatch batch, CancellationToken cancellationToken)
    {
        var grain = _grainFactory.GetGrain<ISensorGrain>(sensorId);
        return IngestRetry.RunAsync(
            token => grain.ApplyAsync(batch, token).AsTask(),
            _maxRetries,
            (exception, attempt) => LogApplyRetry(exception, sensorId, attempt),
            _timeProvider,
            cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Applying readings to sensor {SensorId} failed; retry {Attempt}")]
    private partial void LogApplyRetry(Exception exception, string sensorId, int attempt);
}
