namespace StreamRnn.Grains.Tests.Models;

/// <summary>
/// A cluster of its own whose only model version (<c>Model:Checkpoint</c>) has finite weights and infinite forecasts
/// (<see cref="OverflowingCheckpoints"/>): it passes every load-time check, and there is no earlier version to fall back to.
/// </summary>
public sealed class OverflowingModelClusterFixture : GrainClusterFixture
{
    private static readonly string CheckpointPath = Write();

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Inference:MaxWait"] = "00:00:00.002",
        ["Model:Device"] = "cpu",
        ["Model:Checkpoint"] = CheckpointPath,
        ["Training:Interval"] = "00:00:00",
    };

    private static string Write()
    {
        var path = Path.Combine(Path.GetTempPath(), $"streamrnn-overflowing-{Guid.NewGuid():N}.ckpt");
        File.WriteAllBytes(path, OverflowingCheckpoints.Bytes());
        return path;
    }
}

[CollectionDefinition(Name)]
public sealed class OverflowingModelClusterGroup : ICollectionFixture<OverflowingModelClusterFixture>
{
    public const string Name = "overflowing model cluster";
}

/// <summary>
/// A cluster of its own whose only version (<c>Model:Checkpoint</c>) is <see cref="OverflowingCheckpoints.GrowingRelu"/>:
/// a sensor's carried state overflows after some 30 readings, while a re-warm over its recent window
/// (<c>Sensors:WindowSize</c> 8) from a zero state stays finite.
/// </summary>
public sealed class GrowingStateClusterFixture : GrainClusterFixture
{
    private static readonly string CheckpointPath = Write();

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Inference:MaxWait"] = "00:00:00.002",
        ["Model:Device"] = "cpu",
        ["Model:Checkpoint"] = CheckpointPath,
        ["Sensors:WindowSize"] = "8",
        ["Training:Interval"] = "00:00:00",
    };

    private static string Write()
    {
        var path = Path.Combine(Path.GetTempPath(), $"streamrnn-growing-{Guid.NewGuid():N}.ckpt");
        File.WriteAllBytes(path, OverflowingCheckpoints.GrowingRelu());
        return path;
    }
}

[CollectionDefinition(Name)]
public sealed class GrowingStateClusterGroup : ICollectionFixture<GrowingStateClusterFixture>
{
    public const string Name = "growing state cluster";
}
