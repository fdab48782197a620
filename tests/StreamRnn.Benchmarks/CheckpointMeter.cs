using System.Diagnostics.Metrics;
using StreamRnn.Telemetry;

/// <summary>Listens to the ingest checkpoint instruments of this process: checkpoints made, their durations and sensors persisted.</summary>
internal sealed class CheckpointMeter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly List<double> _seconds = [];
    private long _sensors;

    public CheckpointMeter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StreamRnnTelemetry.MeterName
                && instrument.Name is StreamRnnTelemetry.IngestCheckpointDuration or StreamRnnTelemetry.IngestCheckpointSensors)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, _, _) =>
        {
            lock (_gate)
            {
                _seconds.Add(seconds);
            }
        });
        _listener.SetMeasurementEventCallback<int>((_, sensors, _, _) => Interlocked.Add(ref _sensors, sensors));
        _listener.Start();
    }

    /// <summary>Checkpoints, their mean and longest duration, and the sensors they persisted.</summary>
    public (int Checkpoints, TimeSpan Mean, TimeSpan Longest, long Sensors) Summary()
    {
        lock (_gate)
        {
            return _seconds.Count == 0
                ? (0, TimeSpan.Zero, TimeSpan.Zero, 0)
                : (_seconds.Count, TimeSpan.FromSeconds(_seconds.Average()), TimeSpan.FromSeconds(_seconds.Max()), Interlocked.Read(ref _sensors));
        }
    }

    public void Dispose() => _listener.Dispose();
}
