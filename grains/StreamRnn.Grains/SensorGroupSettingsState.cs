using StreamRnn.Contracts;

namespace StreamRnn.Grains;

/// <summary>What <see cref="SensorGroupSettingsGrain"/> keeps.</summary>
[GenerateSerializer, Alias("streamrnn.sensor-group-settings-state")]
public sealed class SensorGroupSettingsState
{
    [Id(0)] public SensorSettingsOverrides Overrides { get; set; } = SensorSettingsOverrides.None;
}
