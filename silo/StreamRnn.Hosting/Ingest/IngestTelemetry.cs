using System.Diagnostics.Metrics;
using StreamRnn.Kafka;
using StreamRnn.Telemetry;

namespace StreamRnn.Hosting.Ingest;

/// <summary>
/// Ingest metrics: readings consumed and dead-lettered, poll batch sizes. Records the instruments and keeps
/// this silo's dead-letter total for the closing summary line.
/// </summary>
public sealed class IngestTelemetry
{
    private readonly Counter<long> _consumed;
    private readonly Counter<long> _deadLettered;
    private readonly Histogram<int> _pollSize;
    private readonly Histogram<double> _pollWait;
    private readonly Histogram<double> _dispatchDuration;
    private readonly Histogram<double> _checkpointDuration;
    private readonly Histogram<int> _checkpointSensors;
    private readonly Counter<long> _rewinds;
    private readonly Counter<long> _redeliveries;
    private readonly Counter<long> _deadLettersSkipped;
    private Measurement<long>[] _lag = [];
    private long _deadLetteredTotal;
    private long _redeliveriesTotal;

    public IngestTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(StreamRnnTelemetry.MeterName);
        _consumed = meter.CreateCounter<long>(StreamRnnTelemetry.IngestReadings, "{reading}", "Readings consumed from Kafka (valid and invalid).");
        _deadLettered = meter.CreateCounter<long>(StreamRnnTelemetry.IngestDeadLettered, "{reading}", "Invalid readings sent to the dead-letter topic, by reason.");
        _pollSize = meter.CreateHistogram<int>(StreamRnnTelemetry.IngestPollSize, "{message}", "Messages per dispatched poll.");
        _pollWait = meter.CreateHistogram<double>(StreamRnnTelemetry.IngestPollWait, "s", "Time a consumed poll waited for the dispatcher, behind earlier polls and checkpoints.");
        _dispatchDuration = meter.CreateHistogram<double>(StreamRnnTelemetry.IngestDispatchDuration, "s", "Time to apply one poll, until every reading in it is applied or dead-lettered.");
        _checkpointDuration = meter.CreateHistogram<double>(StreamRnnTelemetry.IngestCheckpointDuration, "s", "Time to persist the sensors of a checkpoint and commit its offsets.");
        _checkpointSensors = meter.CreateHistogram<int>(StreamRnnTelemetry.IngestCheckpointSensors, "{sensor}", "Sensors persisted per checkpoint.");
        _rewinds = meter.CreateCounter<long>(StreamRnnTelemetry.IngestRewinds, "{rewind}", "Replays from the committed offsets because a sensor lost readings it had not persisted.");
        _redeliveries = meter.CreateCounter<long>(StreamRnnTelemetry.IngestRedeliveries, "{event}", "Times read messages were left uncommitted for a replay, by cause.");
        _deadLettersSkipped = meter.CreateCounter<long>(StreamRnnTelemetry.IngestDeadLettersSkipped, "{reading}", "Dead letters not written again on a replay, because this silo wrote them before.");

        meter.CreateObservableGauge(StreamRnnTelemetry.IngestLag, () => Volatile.Read(ref _lag), "{message}", "Messages this silo's consumer is behind the end of each partition it is assigned.");

        // Every reason's series exists from the start (at 0): a dead-letter rate alert reads it before the first one.
        foreach (var reason in Enum.GetValues<DeadLetterReason>())
        {
            if (reason != DeadLetterReason.None)
            {
                _deadLettered.Add(0, new KeyValuePair<string, object?>("reason", reason.ToCode()));
            }
        }
    }

    /// <summary>Readings this silo has written to the dead-letter topic.</summary>
    public long DeadLetteredTotal => Interlocked.Read(ref _deadLetteredTotal);

    /// <summary>
    /// Times this silo left read messages uncommitted for a replay (<see cref="Redelivered"/>): the only times a dead
    /// letter can be written twice.
    /// </summary>
    public long RedeliveriesTotal => Interlocked.Read(ref _redeliveriesTotal);

    public void Consumed(int count) => _consumed.Add(count);

    /// <summary>The consumer's lag per assigned partition, from a librdkafka statistics report.</summary>
    public void StatisticsReceived(string statistics) => Volatile.Write(ref _lag, ConsumerLag.Parse(statistics));

    /// <summary>The consumer closed: it lags on no partition.</summary>
    public void ConsumerClosed() => Volatile.Write(ref _lag, []);

    public void DeadLettered(string reason)
    {
        Interlocked.Increment(ref _deadLetteredTotal);
        _deadLettered.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    public void Polled(int count) => _pollSize.Record(count);

    /// <summary>A poll's dispatch began, <paramref name="waited"/> after it was consumed.</summary>
    public void PollWaited(TimeSpan waited) => _pollWait.Record(waited.TotalSeconds);

    /// <summary>Every reading of a poll is applied or dead-lettered, <paramref name="duration"/> after its dispatch began.</summary>
    public void Dispatched(TimeSpan duration) => _dispatchDuration.Record(duration.TotalSeconds);

    public void Checkpointed(int sensors, TimeSpan duration)
    {
        _checkpointSensors.Record(sensors);
        _checkpointDuration.Record(duration.TotalSeconds);
    }

    public void Rewound()
    {
        _rewinds.Add(1);
        Redelivered(IngestRedeliveryCause.Rewind);
    }

    /// <summary>Read messages are left uncommitted and will be read again, here or by another silo.</summary>
    public void Redelivered(string cause)
    {
        Interlocked.Increment(ref _redeliveriesTotal);
        _redeliveries.Add(1, new KeyValuePair<string, object?>("cause", cause));
    }

    public void DeadLetterSkipped() => _deadLettersSkipped.Add(1);
}
