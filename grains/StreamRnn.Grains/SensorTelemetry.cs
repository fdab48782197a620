using System.Diagnostics.Metrics;
using StreamRnn.Contracts;
using StreamRnn.Models;
using StreamRnn.Batching;
using StreamRnn.Telemetry;
using StreamRnn.Models.Checkpoints;

namespace StreamRnn.Grains;

/// <summary>Sensor-side instruments: readings applied, duplicates skipped, alerts by kind.</summary>
public sealed class SensorTelemetry
{
    private readonly Counter<long> _readingsApplied;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _alerts;
    private readonly Counter<long> _switches;

    public SensorTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(StreamRnnTelemetry.MeterName);
        _readingsApplied = meter.CreateCounter<long>("streamrnn.readings.applied", "{reading}", "Readings applied to sensor state.");
        _duplicates = meter.CreateCounter<long>("streamrnn.readings.duplicates", "{reading}", "Redelivered readings skipped because their offset was already applied.");
        _alerts = meter.CreateCounter<long>("streamrnn.alerts", "{alert}", "Alerts raised, by kind.");
        _switches = meter.CreateCounter<long>("streamrnn.sensor.model.switches", "{switch}", "Sensors re-warmed onto another model version.");
    }

    public void ReadingsApplied(int count) => _readingsApplied.Add(count);

    public void DuplicatesSkipped(int count) => _duplicates.Add(count);

    public void ModelSwitched() => _switches.Add(1);

    public void AlertRaised(AlertKind kind) => _alerts.Add(1, new KeyValuePair<string, object?>("kind", kind.ToString().ToLowerInvariant()));
}
