using System.Collections.Immutable;

namespace StreamRnn.Contracts;

/// <summary>
/// The run-time settings of one model group's sensors (key: the group, <c>Training:Group</c>), kept in grain storage.
/// Every sensor of the group picks a change up within <c>Training:SyncInterval</c>.
/// </summary>
public interface ISensorGroupSettingsGrain : IGrainWithStringKey
{
    /// <summary>The group's overrides.</summary>
    ValueTask<SensorSettingsOverrides> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds or replaces overrides. Throws <see cref="ArgumentException"/> naming the setting when a key is not an
    /// overridable <c>Sensors:*</c> setting or a value is invalid (checked against this silo's configuration); nothing is
    /// changed then.
    /// </summary>
    ValueTask<SensorSettingsOverrides> SetAsync(ImmutableSortedDictionary<string, string> values, CancellationToken cancellationToken = default);

    /// <summary>Removes every override of the group.</summary>
    ValueTask<SensorSettingsOverrides> ResetAsync(CancellationToken cancellationToken = default);
}
