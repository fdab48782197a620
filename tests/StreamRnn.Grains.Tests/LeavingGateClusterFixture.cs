using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Storage;
using StreamRnn.Contracts;

namespace StreamRnn.Grains.Tests;

/// <summary>
/// A cluster of its own with room for 100 active sensors and 10 leaving ones, whose sensor storage holds the writes of
/// the sensors a test names until it lets them through: a sensor leaving memory writes its state first, so a held write
/// keeps it leaving for as long as the test wants.
/// </summary>
public sealed class LeavingGateClusterFixture : GrainClusterFixture
{
    public const int MaxActive = 100;
    public const int MaxLeaving = 10;
    private const string InnerSensorStorage = "sensors-inner";

    public HeldWritesGrainStorage.Holds Holds { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["SensorActivation:MaxActivePerSilo"] = "100",
        ["SensorActivation:MaxLeavingPerSilo"] = "10",
    };

    /// <summary>The silo's count of active and leaving sensors.</summary>
    public SensorActivations Activations => Cluster.GetSiloServiceProvider().GetRequiredService<SensorActivations>();

    protected override void ConfigureSiloOverrides(ISiloBuilder silo)
    {
        silo.AddMemoryGrainStorage(InnerSensorStorage);
        silo.Services.AddKeyedSingleton<IGrainStorage>(
            StorageNames.Sensors,
            (provider, _) => new HeldWritesGrainStorage(provider.GetRequiredKeyedService<IGrainStorage>(InnerSensorStorage), Holds));
    }

    public override async ValueTask DisposeAsync()
    {
        // Held writes would keep their sensors from deactivating when the silo stops.
        Holds.ReleaseAll();
        await base.DisposeAsync();
        Holds.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class LeavingGateClusterGroup : ICollectionFixture<LeavingGateClusterFixture>
{
    public const string Name = "leaving-gate grain cluster";
}
