namespace StreamRnn.Contracts;

/// <summary>A sensor moved from one model version to another after <paramref name="ReadingsApplied"/> readings.</summary>
[GenerateSerializer, Immutable, Alias("streamrnn.model-switch")]
public sealed record ModelSwitch(
    [property: Id(0)] int From,
    [property: Id(1)] int To,
    [property: Id(2)] long ReadingsApplied,
    [property: Id(3)] DateTimeOffset At);
