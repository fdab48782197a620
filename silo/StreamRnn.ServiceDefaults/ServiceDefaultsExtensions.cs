using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace StreamRnn.ServiceDefaults;

/// <summary>
/// What every StreamRnn process gets: OpenTelemetry metrics and traces (our meter and source plus
/// Orleans', and the .NET runtime's metrics), exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set
/// and scraped by Prometheus at <c>/metrics</c>, and health checks tagged <c>live</c> and <c>ready</c>.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    /// <summary>The Prometheus scrape path, on the health port.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Orleans' meter (silo and client instruments, Prometheus names <c>orleans_*</c>).</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder, string meterName, string activitySourceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddMeter(meterName, OrleansMeterName)
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing.AddSource(activitySourceName, "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        builder.Services.AddHealthChecks().AddCheck("process", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>Maps <c>/health/live</c>, <c>/health/ready</c> and the Prometheus scrape endpoint <c>/metrics</c>.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }
}
