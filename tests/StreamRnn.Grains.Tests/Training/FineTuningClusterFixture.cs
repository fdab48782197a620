namespace StreamRnn.Grains.Tests.Training;

/// <summary>
/// A real in-process cluster of its own for fine-tuning: promotions change what its batcher serves, so no
/// other test shares it. Rounds run on demand only (no reminder), with small windows so a test fleet fills
/// the buffer quickly.
/// </summary>
public sealed class FineTuningClusterFixture : GrainClusterFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Inference:MaxWait"] = "00:00:00.002",
        ["Model:Device"] = "cpu",
        ["Training:Interval"] = "00:00:00",
        ["Training:WindowSteps"] = "32",
        ["Training:GuardReadings"] = "4",
        ["Training:MinWindows"] = "8",
        ["Training:Epochs"] = "4",
        ["Training:LearningRate"] = "0.005",
        ["Training:SyncInterval"] = "00:00:00.500",
    };
}

[CollectionDefinition(Name)]
public sealed class FineTuningClusterGroup : ICollectionFixture<FineTuningClusterFixture>
{
    public const string Name = "fine-tuning cluster";
}
