using System.Diagnostics.Metrics;
using System.Globalization;
using StreamRnn.Telemetry;

namespace StreamRnn.Bench;

/// <summary>
/// How a drain was cut up, read from the silo's own metrics while it runs: the polls ingest dispatched and their size,
/// the inference requests (one per sensor call that reached the model) and the batched forwards they made. Readings per
/// sensor call is what amortises a grain call's fixed cost, so a rate is read beside it.
/// </summary>
internal sealed class DrainShape : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _polls;
    private long _polled;
    private long _forwards;
    private long _requests;
    private long _steps;

    public DrainShape()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StreamRnnTelemetry.MeterName
                && instrument.Name is StreamRnnTelemetry.IngestPollSize or StreamRnnTelemetry.InferenceBatchSize or StreamRnnTelemetry.InferenceBatchSteps)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>(OnMeasurement);
        _listener.Start();
    }

    /// <summary>"P polls of M messages on average; C sensor calls, R readings per call; F forwards of B requests" so far.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Interlocked.Read(ref _polls):N0} polls of {Interlocked.Read(ref _polled) / (double)Math.Max(1, Interlocked.Read(ref _polls)):N0} messages on average; {Interlocked.Read(ref _requests):N0} sensor steps requested, {Interlocked.Read(ref _steps) / (double)Math.Max(1, Interlocked.Read(ref _requests)):N1} readings each; {Interlocked.Read(ref _forwards):N0} batched forwards of {Interlocked.Read(ref _requests) / (double)Math.Max(1, Interlocked.Read(ref _forwards)):N0} requests");

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, int value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        switch (instrument.Name)
        {
            case StreamRnnTelemetry.IngestPollSize when value > 0:
                Interlocked.Increment(ref _polls);
                Interlocked.Add(ref _polled, value);
                break;
            case StreamRnnTelemetry.InferenceBatchSize:
                Interlocked.Increment(ref _forwards);
                Interlocked.Add(ref _requests, value);
                break;
            case StreamRnnTelemetry.InferenceBatchSteps:
                Interlocked.Add(ref _steps, value);
                break;
        }
    }
}
