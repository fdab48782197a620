using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Storage;
using StreamRnn.Contracts;

namespace StreamRnn.Grains.Tests;

/// <summary>A cluster of its own whose model registry storage (in memory) can be told to fail its next write.</summary>
public sealed class FailingModelStorageClusterFixture : GrainClusterFixture
{
    private int _failNextWrite;

    /// <summary>The next write to <see cref="StorageNames.Models"/> throws (once).</summary>
    public void FailNextWrite() => Interlocked.Exchange(ref _failNextWrite, 1);

    /// <summary>As the silo (StreamRnn.Hosting): grain state in Orleans' binary format.</summary>
    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();

    protected override void ConfigureSiloOverrides(ISiloBuilder silo) =>
        silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Models, (provider, _) => new FailingStorage(MemoryGrainStorageFactory.Create(provider, StorageNames.Models), this));

    private sealed class FailingStorage(IGrainStorage inner, FailingModelStorageClusterFixture owner) : IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            Interlocked.Exchange(ref owner._failNextWrite, 0) == 1
                ? Task.FromException(new InvalidOperationException("Injected storage failure."))
                : inner.WriteStateAsync(stateName, grainId, grainState);

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);
    }
}

[CollectionDefinition(Name)]
public sealed class FailingModelStorageClusterGroup : ICollectionFixture<FailingModelStorageClusterFixture>
{
    public const string Name = "failing model storage grain cluster";
}
