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
    [property: Id(7)] ImmutableDictionary<string, string> Metadata);
