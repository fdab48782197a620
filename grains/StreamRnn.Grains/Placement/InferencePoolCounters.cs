using System.Diagnostics.Metrics;
using StreamRnn.Telemetry;

namespace StreamRnn.Grains.Placement;

/// <summary>
/// The pool across silos, counted on this silo: steps its sensors sent to accelerator silos, steps its pool grains ran
/// for other silos' sensors, and failed remote calls retried here. Instruments and running totals.
/// </summary>
public sealed class InferencePoolCounters
{
    private readonly Counter<long> _sent;
    private readonly Counter<long> _served;
    private readonly Counter<long> _retries;
    private long _sentTotal;
    private long _servedTotal;
    private long _retriesTotal;

    public InferencePoolCounters(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(StreamRnnTelemetry.MeterName);
        _sent = meter.CreateCounter<long>(StreamRnnTelemetry.InferencePoolSent, "{step}", "Steps this silo's sensors sent to a pool grain on an accelerator silo.");
        _served = meter.CreateCounter<long>(StreamRnnTelemetry.InferencePoolServed, "{step}", "Steps this silo's pool grains ran for sensors on other silos.");
        _retries = meter.CreateCounter<long>(StreamRnnTelemetry.InferencePoolRetries, "{call}", "Step calls to an accelerator silo that failed and ran on the sensor's own silo instead.");
        _retries.Add(0);
    }

    /// <summary>Steps this silo's sensors sent to accelerator silos (answered).</summary>
    public long SentTotal => Interlocked.Read(ref _sentTotal);

    /// <summary>Steps this silo's pool grains ran for other silos' sensors.</summary>
    public long ServedTotal => Interlocked.Read(ref _servedTotal);

    /// <summary>Failed remote calls run on this silo instead.</summary>
    public long RetriesTotal => Interlocked.Read(ref _retriesTotal);

    internal void Sent(int steps)
    {
        Interlocked.Add(ref _sentTotal, steps);
        _sent.Add(steps);
    }

    internal void Served(int steps)
    {
        Interlocked.Add(ref _servedTotal, steps);
        _served.Add(steps);
    }

    internal void Retried()
    {
        Interlocked.Increment(ref _retriesTotal);
        _retries.Add(1);
    }
}
