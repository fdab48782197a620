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
