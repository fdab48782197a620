using StreamRnn.Models;
using StreamRnn.Batching;
using StreamRnn.Telemetry;
using StreamRnn.Models.Checkpoints;
using StreamRnn.Kafka;
using StreamRnn.ServiceDefaults;
using StreamRnn.Silo;
using StreamRnn.Silo.Demo;
using StreamRnn.Hosting.Health;
using StreamRnn.Hosting;
using StreamRnn.Silo.Startup;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Dashboard;
using StreamRnn.WebConsole;

(string[] Remaining, TimeSpan? RunFor) arguments;
try
{
    arguments = DurationArgument.ExtractRunFor(args);
}
catch (ArgumentException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    return 2;
}

if (SecretArguments.Problem(arguments.Remaining) is { } secret)
{
    await Console.Error.WriteLineAsync(secret);
    return 2;
}

KafkaNativeLibrary.EnsureLoaded();
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = arguments.Remaining, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults(StreamRnnTelemetry.MeterName, StreamRnnTelemetry.ActivitySourceName);
if (ClusterSettings.Read(builder.Configuration) is not { } cluster)
{
    return 2;
}

if (!DashboardSettings.TryRead(builder.Configuration, builder.Environment.IsDevelopment(), cluster.UsesRedis, out var dashboardUrl, out var dashboardPort))
{
    return 2;
}

if (dashboardUrl is not null)
{
    // The dashboard listens on a port of its own beside the health endpoints' (its routes answer only there).
    builder.Configuration["urls"] = $"{builder.Configuration["urls"]};{dashboardUrl}";
}

if (cluster.UsesRedis && await RedisPreflight.ProblemAsync(cluster.Redis.ConnectionString!) is { } unreachable)
{
    await Console.Error.WriteLineAsync(unreachable);
    return 1;
}

builder.UseOrleans(silo =>
{
    silo.UseStreamRnnClustering(cluster);
    silo.AddActivityPropagation();
    silo.AddStreamRnn();
    if (dashboardUrl is not null)
    {
        silo.AddDashboard();
    }
});
builder.AddStreamRnnConsole(production: cluster.UsesRedis);
builder.Services.AddOptions<DemoFleetOptions>().BindConfiguration(DemoFleetOptions.SectionName).ValidateOnStart();
builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<DemoFleetOptions>, DemoFleetOptionsValidator>();
builder.Services.AddHostedService<DemoFleetService>();
builder.Services.AddHealthChecks()
    .AddCheck<PipelineReadinessCheck>("pipeline", tags: [ServiceDefaultsExtensions.ReadyTag])
    .AddCheck<KafkaReadinessCheck>("kafka", tags: [ServiceDefaultsExtensions.ReadyTag]);

// The readiness checks also run every few seconds, their result exported as the gauge streamrnn.silo.ready.
builder.Services.AddSingleton<IHealthCheckPublisher, ReadinessGaugePublisher>();
builder.Services.Configure<HealthCheckPublisherOptions>(options =>
{
    options.Delay = TimeSpan.FromSeconds(1);
    options.Period = TimeSpan.FromSeconds(5);
    options.Predicate = check => check.Tags.Contains(ServiceDefaultsExtensions.ReadyTag);
});

var app = builder.Build();
try
{
    // Every options class is validated here, before anything starts, so a bad setting stops the
    // silo with one line that names it.
    app.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
}
catch (Exception exception) when (exception is Microsoft.Extensions.Options.OptionsValidationException or InvalidOperationException)
{
    var message = exception is Microsoft.Extensions.Options.OptionsValidationException validation ? string.Join(" ", validation.Failures) : exception.Message;
    await Console.Error.WriteLineAsync($"Invalid configuration: {message}");
    return 2;
}

app.MapDefaultEndpoints();
app.MapStreamRnnConsole(dashboardUrl is null ? null : dashboardPort);
if (dashboardUrl is not null)
{
    // Answered only on connections to the dashboard's port (not by Host header: a Service or a port-forward may
    // present another port), so the health port never serves it.
    app.MapOrleansDashboard().AddEndpointFilter(async (context, next) =>
        context.HttpContext.Connection.LocalPort == dashboardPort ? await next(context) : Results.NotFound());
}
var counters = app.Services.GetRequiredService<PipelineCounters>();

if (arguments.RunFor is { } runFor)
{
    var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
    var timeProvider = app.Services.GetRequiredService<TimeProvider>();
    lifetime.ApplicationStarted.Register(() =>
    {
        var timer = timeProvider.CreateTimer(_ => lifetime.StopApplication(), null, runFor, Timeout.InfiniteTimeSpan);
        lifetime.ApplicationStopping.Register(timer.Dispose);
    });
}

var backgroundServices = FatalStops.BackgroundServices(app.Services);
try
{
    await app.RunAsync();
}
catch (Exception exception) when (exception is not OperationCanceledException)
{
    // The silo could not start or stop (or, from .NET 11, a background service failed): never a clean exit.
    await Console.Error.WriteLineAsync($"The silo failed: {exception.GetBaseException().Message}");
    return FatalStops.ExitCode;
}

Console.WriteLine(counters.Summary());

// A fatal stop (ingest failed, Kafka unreachable past Kafka:StartupTimeout...) exits non-zero, naming the failure.
if (FatalStops.Find(backgroundServices) is { Count: > 0 } failures)
{
    foreach (var failure in failures)
    {
        await Console.Error.WriteLineAsync($"The silo stopped because {failure}");
    }

    return FatalStops.ExitCode;
}

return 0;
