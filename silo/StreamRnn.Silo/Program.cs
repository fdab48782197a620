using StreamRnn.Inference;
using StreamRnn.Kafka;
using StreamRnn.ServiceDefaults;
using StreamRnn.Silo;
using StreamRnn.Silo.Demo;
using StreamRnn.Silo.Hosting;

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

KafkaNativeLibrary.EnsureLoaded();
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = arguments.Remaining, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults(StreamRnnTelemetry.MeterName, StreamRnnTelemetry.ActivitySourceName);
builder.UseOrleans(silo =>
{
    silo.UseLocalhostClustering();
    silo.AddActivityPropagation();
    silo.AddStreamRnn();
});
builder.Services.AddOptions<DemoFleetOptions>().BindConfiguration(DemoFleetOptions.SectionName).ValidateOnStart();
builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<DemoFleetOptions>, DemoFleetOptionsValidator>();
builder.Services.AddHostedService<DemoFleetService>();

var app = builder.Build();
app.MapDefaultEndpoints();

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

try
{
    await app.RunAsync();
}
catch (Microsoft.Extensions.Options.OptionsValidationException exception)
{
    await Console.Error.WriteLineAsync($"Invalid configuration: {string.Join(" ", exception.Failures)}");
    return 2;
}

Console.WriteLine(app.Services.GetRequiredService<PipelineCounters>().Summary());
return 0;
