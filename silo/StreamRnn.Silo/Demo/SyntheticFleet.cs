namespace StreamRnn.Silo.Demo;

/// <summary>Builds a fleet of <see cref="SyntheticSensor"/>s in which one sensor in four fails.</summary>
public static class SyntheticFleet
{
    private static readonly SensorFailure[] FailureCycle = [SensorFailure.Stuck, SensorFailure.Spike, SensorFailure.Drift, SensorFailure.Dropout];

    /// <summary>
    /// <paramref name="count"/> sensors named <c>{prefix}-0000</c>…; sensor i fails when i % 4 == 3, the kind
    /// cycling through stuck, spike, drift and dropout, from a step between <paramref name="failsAtStep"/>
    /// and 1.25 × that.
    /// </summary>
    public static IReadOnlyList<SyntheticSensor> Create(int count, long failsAtStep, int seed, string prefix = "demo")
    {
        var random = new Random(seed);
        var sensors = new List<SyntheticSensor>(count);
        for (var i = 0; i < count; i++)
        {
            var failure = i % 4 == 3 ? FailureCycle[(i / 4) % FailureCycle.Length] : SensorFailure.None;
            var failsAt = failsAtStep + (long)(random.NextDouble() * failsAtStep / 4);
            sensors.Add(new SyntheticSensor($"{prefix}-{i:D4}", failure, failsAt, random.Next()));
        }

        return sensors;
    }
}
