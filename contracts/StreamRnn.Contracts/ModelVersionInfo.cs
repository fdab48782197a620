using System.Collections.Immutable;

namespace StreamRnn.Contracts;

/// <summary>One version of a model group's weights, as the registry records it.</summary>
[GenerateSerializer, Immutable, Alias("streamrnn.model-version")]
public sealed record ModelVersionInfo(
    [property: Id(0)] int Version,
    [property: Id(1)] ModelVersionStatus Status,
    [property: Id(2)] string Sha256,
    [property: Id(3)] string Architecture,
    [property: Id(4)] DateTimeOffset Created,
    [property: Id(5)] int? ParentVersion,
    [property: Id(6)] string Source,
    [property: Id(7)] ImmutableDictionary<string, string> Metadata)
{
    /// <summary>Why the version has its status (for example the validation figures, or who rolled it back).</summary>
    [Id(8)] public string? StatusReason { get; init; }

    /// <summary>When the status last changed; <see langword="null"/> while it has never changed.</summary>
    [Id(9)] public DateTimeOffset? StatusChanged { get; init; }

    /// <summary>Validation figures (for example <c>baselineLoss</c>, <c>candidateLoss</c>, <c>trainSeconds</c>).</summary>
    [Id(10)] public ImmutableDictionary<string, double> Metrics { get; init; } = ImmutableDictionary<string, double>.Empty;
}
