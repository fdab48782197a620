using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using StreamRnn.Contracts;
using StreamRnn.Grains.Placement;

namespace StreamRnn.Grains.Tests;

/// <summary>A real in-process Orleans cluster (one silo) with the sensor and inference grains.</summary>
public class GrainClusterFixture : IAsyncLifetime
{
    public RecordingAlertSink AlertSink { get; } = new();

    public RecordingDeadLetterSink DeadLetters { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(Settings));
        builder.ConfigureSilo((_, silo) =>
        {
            ConfigureServices(silo.Services);
            ConfigureSilo(silo, SiloAlertSink);
            silo.Services.AddSingleton<IDeadLetterSink>(DeadLetters);
            ConfigureSiloOverrides(silo);
        });
        builder.ConfigureClient(client => client.AddMemoryStreams(StreamNames.Provider));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>The silos' configuration.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Sensors:DropoutCheckPeriod"] = "00:00:00.050",
        ["Sensors:MinimumDropoutSilence"] = "00:00:00.300",
        ["Inference:MaxWait"] = "00:00:00.002",
        ["Training:Interval"] = "00:00:00",
    };

    /// <summary>The alert sink the silo publishes to (<see cref="AlertSink"/> unless a fixture wraps it).</summary>
    protected virtual IAlertSink SiloAlertSink => AlertSink;

    /// <summary>Registrations a fixture makes after everything else, which replace earlier ones (a storage).</summary>
    protected virtual void ConfigureSiloOverrides(ISiloBuilder silo)
    {
    }

    /// <summary>Services a fixture puts in first (the grains' registrations keep them: a clock, a score sink).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>What every test silo has: storage, streams, reminders, placement and the grains' services.</summary>
    public static void ConfigureSilo(ISiloBuilder silo, IAlertSink alertSink)
    {
        silo.AddMemoryGrainStorage(StorageNames.Sensors);
        silo.AddMemoryGrainStorage(StorageNames.Models);
        silo.AddMemoryGrainStorage(StorageNames.Training);
        silo.AddMemoryGrainStorage(StreamNames.PubSubStore);
        silo.AddMemoryStreams(StreamNames.Provider);
        silo.UseInMemoryReminderService();
        silo.AddAcceleratorPlacement("cpu");
        silo.Services.AddStreamRnnGrains();
        silo.Services.AddSingleton(alertSink);
    }

    public virtual async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

[CollectionDefinition(Name)]
public sealed class GrainClusterGroup : ICollectionFixture<GrainClusterFixture>
{
    public const string Name = "grain cluster";
}
