using System.Collections.Immutable;

namespace StreamRnn.Contracts;

/// <summary>
/// Settings that replace a silo's <c>Sensors:*</c> configuration for one sensor or one model group at run time, by key
/// without the section (<c>AnomalyThreshold</c>, <c>MaxValue</c>, …) with the value as configuration would give it.
/// </summary>
/// <param name="Values">The overriding settings.</param>
/// <param name="Version">Bumped by every change, so a sensor can tell a changed group setting from the one it has.</param>
[GenerateSerializer, Immutable, Alias("streamrnn.sensor-settings-overrides")]
public sealed record SensorSettingsOverrides(
    [property: Id(0)] ImmutableSortedDictionary<string, string> Values,
    [property: Id(1)] long Version)
{
    /// <summary>No overrides.</summary>
    public static SensorSettingsOverrides None { get; } = new(ImmutableSortedDictionary<string, string>.Empty, 0);
}
