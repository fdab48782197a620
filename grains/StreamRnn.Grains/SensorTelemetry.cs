using System.Diagnostics.Metrics;
using StreamRnn.Contracts;
using StreamRnn.Telemetry;

namespace StreamRnn.Grains;

/// <summary>
/// Sensor metrics: readings applied, duplicates skipped, alert events started by kind, model switches, and the
/// gauges of sensors active, leaving and waiting on this silo (<see cref="SensorActivations"/>).
/// Records the instruments and keeps the totals of the sensors on this silo for the closing summary line.
/// </summary>
public sealed class SensorTelemetry
{
    private readonly Counter<long> _readingsApplied;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _alerts;
    private readonly Counter<long> _switches;
    private readonly Counter<long> _rejected;
    private long _readingsAppliedTotal;
    private long _alertsRaisedTotal;

    public SensorTelemetry(IMeterFactory meterFactory, SensorActivations activations)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(activations);
        var meter = meterFactory.Create(StreamRnnTelemetry.MeterName);
        _readingsApplied = meter.CreateCounter<long>(StreamRnnTelemetry.SensorReadingsApplied, "{reading}", "Readings applied to sensor state.");
        _duplicates = meter.CreateCounter<long>(StreamRnnTelemetry.SensorDuplicates, "{reading}", "Redelivered readings skipped because their offset was already applied.");
        _alerts = meter.CreateCounter<long>(StreamRnnTelemetry.Alerts, "{alert}", "Alert events started (not their updates or ends), by kind.");
        _switches = meter.CreateCounter<long>(StreamRnnTelemetry.SensorModelSwitches, "{switch}", "Sensors re-warmed onto another model version.");
        _rejected = meter.CreateCounter<long>(StreamRnnTelemetry.SensorReadingsRejected, "{reading}", "Readings a sensor could not process, sent to the dead-letter topic (processing-failed).");
        meter.CreateObservableGauge(StreamRnnTelemetry.SensorsActive, () => activations.Count, "{sensor}", "Sensors active on this silo (activated, not leaving).");
        meter.CreateObservableGauge(StreamRnnTelemetry.SensorsLeaving, () => activations.Leaving, "{sensor}", "Sensors leaving this silo's memory (deactivation begun, not finished).");
        meter.CreateObservableGauge(StreamRnnTelemetry.SensorsWaiting, () => activations.Waiting, "{sensor}", "New sensors waiting in their activation while the most a silo allows are leaving.");

        // Every kind's series exists from the start (at 0), so a rate or an alert rule over it has a series to read
        // before the first alert of that kind.
        foreach (var kind in Enum.GetValues<AlertKind>())
        {
            _alerts.Add(0, KindTag(kind));
        }
    }

    /// <summary>Readings applied to the state of sensors on this silo.</summary>
    public long ReadingsAppliedTotal => Interlocked.Read(ref _readingsAppliedTotal);

    /// <summary>Alert events (starts, not their updates or ends) raised by sensors on this silo.</summary>
    public long AlertsRaisedTotal => Interlocked.Read(ref _alertsRaisedTotal);

    public void ReadingsApplied(int count)
    {
        Interlocked.Add(ref _readingsAppliedTotal, count);
        _readingsApplied.Add(count);
    }

    public void DuplicatesSkipped(int count) => _duplicates.Add(count);

    public void ModelSwitched() => _switches.Add(1);

    public void ReadingRejected() => _rejected.Add(1);

    /// <summary>A sensor started an alert event (called once per event, for its start).</summary>
    public void AlertRaised(AlertKind kind)
    {
        Interlocked.Increment(ref _alertsRaisedTotal);
        _alerts.Add(1, KindTag(kind));
    }

    private static KeyValuePair<string, object?> KindTag(AlertKind kind) => new("kind", kind.ToString().ToLowerInvariant());
}
