using System.Diagnostics.Metrics;
using StreamRnn.Contracts;
using StreamRnn.Inference;

namespace StreamRnn.Grains;

/// <summary>Sensor-side instruments: readings applied, duplicates skipped, alerts by kind.</summary>
public sealed class SensorTelemetry
{
    private readonly Counter<long> _readingsApplied;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _alerts;

    public SensorTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(StreamRnnTelemetry.MeterName);
        _readingsApplied = meter.CreateCounter<long>("streamrnn.readings.applied", "{reading}", "Readings applied to sensor state.");
        _duplicates = meter.CreateCounter<long>("streamrnn.readings.duplicates", "{reading}", "Redelivered readings skipped because their offset was already applied.");
        _alerts = meter.CreateCounter<long>("streamrnn.alerts", "{alert}", "Alerts raised, by kind.");
    }

    public void ReadingsApplied(int count) => _readingsApplied.Add(count);

    public void DuplicatesSkipped(int count) => _duplicates.Add(count);

    public void AlertRaised(AlertKind kind) => _alerts.Add(1, new KeyValuePair<string, object?>("kind", kind.ToString().ToLowerInvariant()));
}
