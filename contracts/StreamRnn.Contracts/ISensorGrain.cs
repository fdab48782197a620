namespace StreamRnn.Contracts;

/// <summary>
/// One sensor (or series): its recurrent hidden state, online normaliser, applied Kafka offsets,
/// recent window, last forecast and anomaly state. Keyed by the sensor id.
/// </summary>
public interface ISensorGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies readings in order. A reading whose offset is not above the last applied offset of its
    /// partition is skipped, so a redelivered reading is never applied twice. The state that includes
    /// the readings is persisted before this returns.
    /// </summary>
    ValueTask<ApplyResult> ApplyAsync(SensorReadingBatch batch, CancellationToken cancellationToken = default);

    /// <summary>The sensor's last value, forecast, score and model version.</summary>
    ValueTask<SensorSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default);

    /// <summary>The sensor's overrides, its group's, and the settings in force.</summary>
    ValueTask<SensorSettingsView> GetSettingsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds or replaces this sensor's overrides; they apply from the next reading. Throws <see cref="ArgumentException"/>
    /// naming the setting when a key is unknown or a value invalid; nothing is changed then.
    /// </summary>
    ValueTask<SensorSettingsView> SetSettingsAsync(System.Collections.Immutable.ImmutableSortedDictionary<string, string> values, CancellationToken cancellationToken = default);

    /// <summary>Removes this sensor's overrides (its group's still apply).</summary>
    ValueTask<SensorSettingsView> ResetSettingsAsync(CancellationToken cancellationToken = default);
}
