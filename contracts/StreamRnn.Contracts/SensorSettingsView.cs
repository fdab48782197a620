using System.Collections.Immutable;

namespace StreamRnn.Contracts;

/// <summary>A sensor's settings: its own overrides, its group's, and what it scores with after both.</summary>
/// <param name="Sensor">Overrides set for this sensor (they win over the group's).</param>
/// <param name="Group">Overrides set for the sensor's model group, as the sensor last fetched them.</param>
/// <param name="Effective">Every overridable setting's value in force for this sensor.</param>
[GenerateSerializer, Immutable, Alias("streamrnn.sensor-settings-view")]
public sealed record SensorSettingsView(
    [property: Id(0)] SensorSettingsOverrides Sensor,
    [property: Id(1)] SensorSettingsOverrides Group,
    [property: Id(2)] ImmutableSortedDictionary<string, string> Effective);
