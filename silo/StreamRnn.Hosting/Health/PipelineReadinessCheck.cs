using Microsoft.Extensions.Diagnostics.HealthChecks;
using StreamRnn.Batching;

namespace StreamRnn.Hosting.Health;

/// <summary>
/// Ready when the host has started (the silo is up) and the inference model is loaded on its device.
/// Tagged <c>ready</c>: <c>/health/ready</c>.
/// </summary>
public sealed class PipelineReadinessCheck(InferenceBatcher batcher, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The silo is starting."));
        }

        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The silo is stopping."));
        }

        return Task.FromResult(batcher.Ready.Status switch
        {
            TaskStatus.RanToCompletion => HealthCheckResult.Healthy($"Model v{batcher.ModelVersion} loaded."),
            TaskStatus.Faulted => HealthCheckResult.Unhealthy("The inference model failed to load.", batcher.Ready.Exception?.GetBaseException()),
            _ => HealthCheckResult.Unhealthy("The inference model is loading."),
        });
    }
}
