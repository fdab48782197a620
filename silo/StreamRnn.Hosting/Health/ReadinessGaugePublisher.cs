using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StreamRnn.Telemetry;

namespace StreamRnn.Hosting.Health;

/// <summary>
/// Publishes the latest result of the readiness checks (run periodically by the health check publisher) as the
/// gauge <see cref="StreamRnnTelemetry.SiloReady"/>: 1 when ready, 0 otherwise. A silo that runs but is not ready
/// still answers Prometheus' scrape, so the "no ready silo" rule sums this gauge rather than counting scrape targets.
/// </summary>
public sealed class ReadinessGaugePublisher : IHealthCheckPublisher
{
    private int _ready;

    public ReadinessGaugePublisher(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(StreamRnnTelemetry.MeterName);
        meter.CreateObservableGauge(StreamRnnTelemetry.SiloReady, () => Volatile.Read(ref _ready), "{silo}", "1 while this silo's readiness checks pass, 0 otherwise.");
    }

    /// <summary>1 after a healthy report, 0 before the first one and after an unhealthy or degraded one.</summary>
    public int Ready => Volatile.Read(ref _ready);

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        Volatile.Write(ref _ready, report.Status == HealthStatus.Healthy ? 1 : 0);
        return Task.CompletedTask;
    }
}
