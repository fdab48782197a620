namespace StreamRnn.Silo.Tests.Faults;

/// <summary>
/// The pipeline of <see cref="PipelineFixture"/> with a cluster and an embedded Kafka of its own, since its brokers go
/// down and its leaders move; a checkpoint every second, so that offset commits meet the injected errors.
/// </summary>
public sealed class BrokerFaultPipelineFixture : PipelineFixture
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Ingest:CheckpointInterval"] = "00:00:01",
    };
}

[CollectionDefinition(Name)]
public sealed class BrokerFaultPipelineGroup : ICollectionFixture<BrokerFaultPipelineFixture>
{
    public const string Name = "broker fault pipeline";
}
