using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using StreamRnn.Grains;
using StreamRnn.Contracts;

namespace StreamRnn.Silo.Tests;

/// <summary>
/// The pipeline with small resource bounds: at most 50 readings per sensor call, sensors idle out after 2 s, at most
/// <see cref="MaxActivePerSilo"/> sensors per silo beyond the calls in flight (<see cref="MaxConcurrentCalls"/>). Every
/// <see cref="ISensorGrain.ApplyAsync"/> the silos receive is recorded (sensor id, readings in the call) by an
/// incoming-call filter.
/// </summary>
public sealed class BoundsPipelineFixture : PipelineFixture
{
    public const int MaxReadingsPerCall = 50;
    public const int MaxActivePerSilo = 1_000;
    public const int MaxLeavingPerSilo = 500;
    public const int MaxPollRecords = 2_000;
    public const int MaxConcurrentCalls = 500;

    /// <summary>Each apply call's sensor id and number of readings, as the silos received them.</summary>
    public ConcurrentQueue<(string SensorId, int Readings)> ApplyCalls { get; } = new();

    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Ingest:MaxReadingsPerCall"] = "50",
        ["SensorActivation:IdleTimeout"] = "00:00:02",
        ["SensorActivation:CollectionQuantum"] = "00:00:00.500",
        ["SensorActivation:MaxActivePerSilo"] = "1000",
        ["SensorActivation:MaxLeavingPerSilo"] = "500",
        ["Ingest:MaxPollRecords"] = "2000",
        ["Ingest:MaxConcurrentCalls"] = "500",
    };

    protected override void ConfigureSilo(ISiloBuilder silo)
    {
        silo.AddIncomingGrainCallFilter(async context =>
        {
            if (context.InterfaceMethod?.Name == nameof(ISensorGrain.ApplyAsync) && context.Request.GetArgument(0) is SensorReadingBatch batch)
            {
                ApplyCalls.Enqueue((context.TargetId.Key.ToString()!, batch.Readings.Length));
            }

            await context.Invoke();
        });
    }

    /// <summary>The most sensors leaving memory on any one silo now (deactivation begun, not yet finished by Orleans).</summary>
    public long MostLeavingOnASilo() => Cluster.Silos.Max(silo => silo.ServiceProvider.GetRequiredService<SensorActivations>().Leaving);

    /// <summary>Sensor activations in the cluster now.</summary>
    public async Task<int> SensorActivationsAsync()
    {
        var statistics = await Client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.StartsWith("StreamRnn.Grains.SensorGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }
}

[CollectionDefinition(Name)]
public sealed class BoundsPipelineGroup : ICollectionFixture<BoundsPipelineFixture>
{
    public const string Name = "bounds pipeline";
}
