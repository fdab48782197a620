using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Storage;
using StreamRnn.Batching;
using StreamRnn.Contracts;

namespace StreamRnn.Grains.Tests.Faults;

/// <summary>
/// The fake-clock cluster with the alert sink, the score sink, the inference batcher and the sensors' grain storage
/// wrapped to fail once where <see cref="Faults"/> is armed.
/// </summary>
public sealed class FaultInjectionClusterFixture : FakeClockClusterFixture
{
    private const string InnerSensorStorage = "sensors-inner";

    public FaultPlan Faults { get; } = new();

    protected override IAlertSink SiloAlertSink => new FaultyAlertSink(AlertSink, Faults);

    protected override void ConfigureServices(IServiceCollection services)
    {
        base.ConfigureServices(services);
        services.AddSingleton<IScoreSink>(new FaultyScoreSink(ScoreSink, Faults));
        services.AddSingleton<IInferenceBatcher>(provider => new FaultyBatcher(provider.GetRequiredService<InferenceBatcher>(), Faults));
    }

    protected override void ConfigureSiloOverrides(ISiloBuilder silo)
    {
        silo.AddMemoryGrainStorage(InnerSensorStorage);
        silo.Services.AddKeyedSingleton<IGrainStorage>(
            StorageNames.Sensors,
            (provider, _) => new FaultyGrainStorage(provider.GetRequiredKeyedService<IGrainStorage>(InnerSensorStorage), Faults));
    }
}

[CollectionDefinition(Name)]
public sealed class FaultInjectionClusterGroup : ICollectionFixture<FaultInjectionClusterFixture>
{
    public const string Name = "fault-injection grain cluster";
}
