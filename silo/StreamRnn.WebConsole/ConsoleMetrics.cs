using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using StreamRnn.Batching;
using StreamRnn.Grains;
using StreamRnn.Telemetry;

namespace StreamRnn.WebConsole;

/// <summary>
/// This silo's figures for the Cluster view, read from what the pipeline already keeps: the sensors' readings total
/// (<see cref="SensorTelemetry"/>), a <see cref="MeterListener"/> on batch size and consumer lag, and the batcher. Nothing
/// new is counted.
/// </summary>
public sealed class ConsoleMetrics : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private readonly MeterListener _listener = new();
    private readonly IInferenceBatcher _batcher;
    private readonly SensorTelemetry _sensors;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, long> _lag = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _batches;
    private long _batchedRequests;
    private (DateTimeOffset At, long Readings, long Batches, long Requests) _last;
    private ConsoleSiloFigures _figures = new(0, 0, 0, [], 0, 0);

    public ConsoleMetrics(IInferenceBatcher batcher, SensorTelemetry sensors, TimeProvider time)
    {
        _batcher = batcher;
        _sensors = sensors;
        _time = time;
        _last = (time.GetUtcNow(), sensors.ReadingsAppliedTotal, 0, 0);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StreamRnnTelemetry.MeterName
                && instrument.Name is StreamRnnTelemetry.InferenceBatchSize or StreamRnnTelemetry.IngestLag)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnLong);
        _listener.SetMeasurementEventCallback<int>(OnInt);
        _listener.Start();
    }

    /// <summary>Readings/s and mean batch size over the last second or more, lag per partition now, the model version served.</summary>
    public ConsoleSiloFigures Current()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var elapsed = now - _last.At;
            if (elapsed >= Window)
            {
                _lag.Clear();
                _listener.RecordObservableInstruments();
                var (readings, batches, requests) = (_sensors.ReadingsAppliedTotal, Interlocked.Read(ref _batches), Interlocked.Read(ref _batchedRequests));
                var rate = (readings - _last.Readings) / elapsed.TotalSeconds;
                var batchCount = batches - _last.Batches;
                var batchSize = batchCount == 0 ? 0 : (double)(requests - _last.Requests) / batchCount;
                var lag = _lag.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new ConsolePartitionLag(p.Key, p.Value)).ToArray();
                _figures = new ConsoleSiloFigures(rate, batchSize, _batcher.ModelVersion, lag, _batcher.Swaps, readings);
                _last = (now, readings, batches, requests);
            }

            return _figures with { ModelVersion = _batcher.ModelVersion };
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnLong(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "partition")
            {
                _lag[Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "?"] = value;
            }
        }
    }

    private void OnInt(Instrument instrument, int value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _batchedRequests, value);
    }
}
