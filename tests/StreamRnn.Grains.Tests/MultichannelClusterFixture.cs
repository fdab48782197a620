namespace StreamRnn.Grains.Tests;

/// <summary>
/// A cluster of its own whose model reads 4 channels per reading (the pumps of <c>tests/Shared/PumpFleet.cs</c>): the
/// seeded initial GRU on the CPU forecasts channel 0, and every channel is judged by its relation to the others.
/// </summary>
public sealed class MultichannelClusterFixture : GrainClusterFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Model:Channels"] = "4",
        ["Model:Device"] = "cpu",
        ["Inference:MaxWait"] = "00:00:00.002",
        ["Training:Interval"] = "00:00:00",
    };
}

[CollectionDefinition(Name)]
public sealed class MultichannelClusterGroup : ICollectionFixture<MultichannelClusterFixture>
{
    public const string Name = "multichannel grain cluster";
}
