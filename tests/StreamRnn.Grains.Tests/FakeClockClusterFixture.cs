using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Storage;
using StreamRnn.Contracts;

namespace StreamRnn.Grains.Tests;

/// <summary>
/// A cluster of its own whose sensors read a <see cref="FakeTimeProvider"/> (tests move time on; no test waits for the
/// real clock to judge dropout) and publish every score to a <see cref="RecordingScoreSink"/>. It serves the seeded initial model on the
/// CPU and never fine-tunes, so offline scoring with that model sees the same weights. Its grain storage keeps state in
/// Orleans' binary format, as the silo does, so tests can read a sensor's whole state back.
/// </summary>
public class FakeClockClusterFixture : GrainClusterFixture
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public RecordingScoreSink ScoreSink { get; } = new();

    public RecordingAlertEventSink AlertEvents { get; } = new();

    /// <summary>The sensor directory reports the silo received, per sensor.</summary>
    public SensorListing.DirectoryReportCounter DirectoryReports { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Sensors:DropoutCheckPeriod"] = "00:00:00.050",
        ["Sensors:MinimumDropoutSilence"] = "00:00:02",
        ["Inference:MaxWait"] = "00:00:00.002",
        ["Model:Device"] = "cpu",
        ["Training:Interval"] = "00:00:00",

        // Small, so SensorDirectoryTests can fill a shard; written soon, so they can read it back from storage.
        ["SensorDirectory:MaxPerShard"] = "50",
        ["SensorDirectory:WriteInterval"] = "00:00:00.200",
    };

    /// <summary>A sensor's whole stored state, read from the silo's grain storage.</summary>
    public async Task<SensorState> ReadSensorStateAsync(string sensorId)
    {
        var storage = Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(StorageNames.Sensors);
        var state = new GrainState<SensorState>(new SensorState());
        await storage.ReadStateAsync(SensorStateName, GrainId.Create(SensorGrainType, sensorId), state);
        return state.State ?? throw new InvalidOperationException($"Sensor {sensorId} has no stored state.");
    }

    /// <summary>The name SensorGrain stores its state under, and its grain type.</summary>
    private const string SensorStateName = "sensor";
    private const string SensorGrainType = "sensor";

    protected override void ConfigureServices(IServiceCollection services)
    {
        // As the silo (StreamRnn.Hosting): grain state in Orleans' binary format, which also reads SensorState back.
        services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        services.AddKeyedSingleton<TimeProvider>(SensorGrain.ClockKey, Clock);
        services.AddSingleton<IScoreSink>(ScoreSink);
        services.AddSingleton<StreamRnn.Grains.Alerts.IAlertEventSink>(AlertEvents);
        services.AddSingleton<IIncomingGrainCallFilter>(DirectoryReports);
    }
}

[CollectionDefinition(Name)]
public sealed class FakeClockClusterGroup : ICollectionFixture<FakeClockClusterFixture>
{
    public const string Name = "fake-clock grain cluster";
}
