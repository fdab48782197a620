namespace StreamRnn.Contracts;

/// <summary>What a sensor did with a batch: readings applied, readings skipped as already applied, alerts raised.</summary>
[GenerateSerializer, Immutable, Alias("streamrnn.apply-result")]
public sealed record ApplyResult(
    [property: Id(0)] int Applied,
    [property: Id(1)] int Duplicates,
    [property: Id(2)] int Alerts);
