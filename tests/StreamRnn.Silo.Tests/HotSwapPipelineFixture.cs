namespace StreamRnn.Silo.Tests;

/// <summary>
/// The whole pipeline with fine-tuning on demand only and small training windows, in a cluster of its own:
/// promotions change what its batchers serve, so no other test shares it.
/// </summary>
public sealed class HotSwapPipelineFixture : PipelineFixture
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Model:Device"] = "cpu",
        ["Training:Interval"] = "00:00:00",
        ["Training:WindowSteps"] = "32",
        ["Training:GuardReadings"] = "4",
        ["Training:MinWindows"] = "16",
        ["Training:SyncInterval"] = "00:00:01",
    };
}

[CollectionDefinition(Name)]
public sealed class HotSwapPipelineGroup : ICollectionFixture<HotSwapPipelineFixture>
{
    public const string Name = "hot swap pipeline";
}
