using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace StreamRnn.Hosting.Health;

/// <summary>
/// Not ready while this silo's ingest cannot reach Kafka (<see cref="KafkaReachability"/>): before it first reached the
/// cluster, and while every broker is down. Tagged <c>ready</c>: <c>/health/ready</c>.
/// </summary>
public sealed class KafkaReadinessCheck(KafkaReachability reachability) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (ready, description) = reachability.Describe();
        return Task.FromResult(ready ? HealthCheckResult.Healthy(description) : HealthCheckResult.Unhealthy(description));
    }
}
