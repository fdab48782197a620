using System.Collections.Immutable;

namespace StreamRnn.Contracts;

/// <summary>
/// One page of the sensor directory: <see cref="Sensors"/> in id order; <see cref="Matched"/> listed sensors match the
/// search (on this page and later ones); <see cref="Unlisted"/> sensors were dropped from the listing by its bound;
/// <see cref="Next"/> is the <see cref="SensorDirectoryQuery.After"/> of the next page (null: this is the last).
/// </summary>
[GenerateSerializer, Immutable, Alias("streamrnn.sensor-directory-page")]
public sealed record SensorDirectoryPage(
    [property: Id(0)] ImmutableArray<SensorDirectoryEntry> Sensors,
    [property: Id(1)] long Matched,
    [property: Id(2)] long Unlisted,
    [property: Id(3)] string? Next);
