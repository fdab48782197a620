using System.Diagnostics.Metrics;
using System.Globalization;
using StreamRnn.Telemetry;

namespace StreamRnn.Bench;

/// <summary>
/// Where a live reading's time goes inside the silo, read from its own metrics while the measured part runs: how long a
/// consumed poll waited for the dispatcher, how long its dispatch took (the grain calls, their forwards, scoring and the
/// scores' delivery), the batched forwards and the time requests queued for them, and the checkpoints, and the process's garbage-collection pauses. A reading waits for the poll before its own, then for its own: so the two poll figures
/// are most of its latency, and the others say what a dispatch is made of.
/// </summary>
internal sealed class LatencySplit : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, List<double>> _values = new(StringComparer.Ordinal)
    {
        [StreamRnnTelemetry.IngestPollSize] = [],
        [StreamRnnTelemetry.IngestPollWait] = [],
        [StreamRnnTelemetry.IngestDispatchDuration] = [],
        [StreamRnnTelemetry.InferenceDuration] = [],
        [StreamRnnTelemetry.InferenceQueueDuration] = [],
        [StreamRnnTelemetry.IngestCheckpointDuration] = [],
    };

    private volatile bool _recording;
    private long _startedAt;
    private long _stoppedAt;
    private TimeSpan _pausedBefore;
    private TimeSpan _paused;
    private int[] _collectionsBefore = new int[3];
    private int[] _collections = new int[3];

    public LatencySplit()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StreamRnnTelemetry.MeterName && _values.ContainsKey(instrument.Name))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Record(instrument, value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Record(instrument, value));
        _listener.Start();
    }

    /// <summary>Starts (or starts again) recording: what was recorded before is dropped.</summary>
    public void Start()
    {
        foreach (var values in _values.Values)
        {
            lock (values)
            {
                values.Clear();
            }
        }

        _pausedBefore = GC.GetTotalPauseDuration();
        _collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        _startedAt = TimeProvider.System.GetTimestamp();
        _recording = true;
    }

    /// <summary>Stops recording; what was recorded stays for <see cref="Describe"/>.</summary>
    public void Stop()
    {
        _recording = false;
        _stoppedAt = TimeProvider.System.GetTimestamp();
        _paused = GC.GetTotalPauseDuration() - _pausedBefore;
        _collections = [GC.CollectionCount(0) - _collectionsBefore[0], GC.CollectionCount(1) - _collectionsBefore[1], GC.CollectionCount(2) - _collectionsBefore[2]];
    }

    /// <summary>"polls: N of M messages on average, waited p50/p99 …; dispatch p50/p99 …; forward …; queued …; checkpoints …".</summary>
    public string Describe()
    {
        var polls = Sorted(StreamRnnTelemetry.IngestPollSize);
        var wait = Sorted(StreamRnnTelemetry.IngestPollWait);
        var dispatch = Sorted(StreamRnnTelemetry.IngestDispatchDuration);
        var forward = Sorted(StreamRnnTelemetry.InferenceDuration);
        var queued = Sorted(StreamRnnTelemetry.InferenceQueueDuration);
        var checkpoints = Sorted(StreamRnnTelemetry.IngestCheckpointDuration);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{polls.Length:N0} polls of {(polls.Length == 0 ? 0 : polls.Average()):N0} messages on average; a poll waited for the dispatcher p50={Ms(wait, 0.5, 1000)} p99={Ms(wait, 0.99, 1000)} ms and its dispatch took p50={Ms(dispatch, 0.5, 1000)} p99={Ms(dispatch, 0.99, 1000)} max={Ms(dispatch, 1, 1000)} ms; {forward.Length:N0} forwards p50={Ms(forward, 0.5, 1)} p99={Ms(forward, 0.99, 1)} ms, queued for one p50={Ms(queued, 0.5, 1)} p99={Ms(queued, 0.99, 1)} ms; {checkpoints.Length} checkpoints, longest {Ms(checkpoints, 1, 1000)} ms; the process paused for {_collections[0]:N0} collections ({_collections[1]:N0} of gen 1, {_collections[2]:N0} of gen 2) {_paused.TotalMilliseconds:N0} ms in all, {_paused.TotalMilliseconds / Math.Max(1, _collections[0]):0.##} ms each on average, {100 * _paused.TotalMilliseconds / Math.Max(1, TimeProvider.System.GetElapsedTime(_startedAt, _stoppedAt).TotalMilliseconds):0.#} % of the time");
    }

    public void Dispose() => _listener.Dispose();

    private static string Ms(double[] sorted, double quantile, double toMs) =>
        sorted.Length == 0 ? "-" : (LiveLatencyScenario.Percentile(sorted, quantile) * toMs).ToString("0.#", CultureInfo.InvariantCulture);

    private double[] Sorted(string instrument)
    {
        var values = _values[instrument];
        double[] sorted;
        lock (values)
        {
            sorted = [.. values];
        }

        Array.Sort(sorted);
        return sorted;
    }

    private void Record(Instrument instrument, double value)
    {
        if (!_recording || !_values.TryGetValue(instrument.Name, out var values))
        {
            return;
        }

        if (instrument.Name == StreamRnnTelemetry.IngestPollSize && value == 0)
        {
            // An idle poll (nothing consumed) only gives a due checkpoint its chance.
            return;
        }

        lock (values)
        {
            values.Add(value);
        }
    }
}
