using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamRnn.Grains.Training;
using StreamRnn.Batching;
using StreamRnn.Kafka;
using StreamRnn.Hosting;

namespace StreamRnn.Cli.Evaluation;

/// <summary>
/// A silo in this process on the embedded default, as the demo runs (embedded Kafka, in-memory storage), with
/// every reading's score published to a scores topic. Settings given as <c>--Section:Key=value</c> apply to it.
/// </summary>
internal sealed class InProcessSilo : IAsyncDisposable
{
    /// <summary>How often <see cref="WaitForServedVersionAsync"/> looks at the batcher's version.</summary>
    private static readonly TimeSpan ServedVersionPoll = TimeSpan.FromMilliseconds(20);

    public const string ScoresTopic = "sensor-scores";

    private readonly IHost _host;

    private InProcessSilo(IHost host) => _host = host;

    public string BootstrapServers => _host.Services.GetRequiredService<IKafkaConnection>().BootstrapServers;

    public string ReadingsTopic => _host.Services.GetRequiredService<IOptions<KafkaOptions>>().Value.ReadingsTopic;

    public string DeadLetterTopic => _host.Services.GetRequiredService<IOptions<KafkaOptions>>().Value.DeadLetterTopic;

    /// <summary>The silo's grain factory (this process hosts the silo).</summary>
    public IGrainFactory GrainFactory => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The model group of the silo's sensors (<c>Training:Group</c>).</summary>
    public string TrainingGroup => _host.Services.GetRequiredService<IOptions<FineTuningOptions>>().Value.Group;

    /// <summary>Waits, with a deadline, until this silo's batcher serves <paramref name="version"/>.</summary>
    public async Task WaitForServedVersionAsync(int version, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var batcher = _host.Services.GetRequiredService<InferenceBatcher>();
        var deadline = DateTime.UtcNow + timeout;
        while (batcher.ModelVersion != version)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The silo still serves model v{batcher.ModelVersion}, not v{version}, after {timeout}.");
            }

            await Task.Delay(ServedVersionPoll, cancellationToken).ConfigureAwait(false);
        }
    }

    public static async Task<InProcessSilo> StartAsync(IReadOnlyList<string> settings, CancellationToken cancellationToken)
    {
        KafkaNativeLibrary.EnsureLoaded();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:ScoresTopic"] = ScoresTopic,
            // A replay runs on event time: the wall-clock dropout rule would see the gaps between polls.
            ["Sensors:MinimumDropoutSilence"] = "1.00:00:00",
            // No wall-clock schedule: the evaluation runs fine-tuning rounds itself, between files, by readings replayed.
            ["Training:Interval"] = "00:00:00",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:StreamRnn.Hosting.Alerts"] = "Error",
            ["Logging:LogLevel:Orleans"] = "Error",
        });
        builder.Configuration.AddCommandLine([.. settings]);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging")).AddSimpleConsole(o => o.SingleLine = true);

        // The command's own lines are on standard output; whatever the silo logs goes to standard error.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePort(), FreePort());
            silo.AddStreamRnn();
        });
        var host = builder.Build();
        host.Services.GetRequiredService<IStartupValidator>().Validate();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return new InProcessSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        _host.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
