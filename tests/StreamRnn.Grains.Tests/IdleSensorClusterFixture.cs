using StreamRnn.Contracts;

namespace StreamRnn.Grains.Tests;

/// <summary>
/// The fake-clock cluster with sensors that idle out after 1 s (looked for every 200 ms). Activation collection runs on
/// the silo's real clock; dropout on the sensors' fake one.
/// </summary>
public sealed class IdleSensorClusterFixture : FakeClockClusterFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["SensorActivation:IdleTimeout"] = "00:00:01",
        ["SensorActivation:CollectionQuantum"] = "00:00:00.200",
    };

    /// <summary>Whether <paramref name="sensorId"/> has an activation in the cluster now.</summary>
    public async Task<bool> IsActiveAsync(string sensorId)
    {
        var statistics = await Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var grainId = GrainId.Create("sensor", sensorId);
        return statistics.Any(s => s.GrainId == grainId);
    }

    /// <summary>Polls until <paramref name="condition"/> holds; false if 30 s pass first.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(50, cancellationToken);
        }

        return await condition();
    }
}

[CollectionDefinition(Name)]
public sealed class IdleSensorClusterGroup : ICollectionFixture<IdleSensorClusterFixture>
{
    public const string Name = "idle-sensor grain cluster";
}
