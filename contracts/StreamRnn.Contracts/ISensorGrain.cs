namespace StreamRnn.Contracts;

/// <summary>
/// One sensor (or series): its recurrent hidden state, online normaliser, applied Kafka offsets,
/// recent window, last forecast and anomaly state. Keyed by the sensor id.
/// </summary>
public interface ISensorGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies readings in order, wholly or not at all: a reading whose offset is not above the last applied
    /// offset of its partition is skipped, so a redelivered reading is never applied twice; if publishing an
    /// alert or a score, or the inference step, fails, nothing of the batch is applied and the call throws, so
    /// a retry applies it again. The state that includes the readings stays in memory until the next
    /// <see cref="CheckpointAsync"/> (or deactivation) persists it. Refuses the batch with
    /// <see cref="ApplyResult.StateLost"/> when the sensor's applied offsets are below
    /// <see cref="SensorReadingBatch.DeliveredBefore"/>. Ingest-only: a cluster client's call is refused.
    /// </summary>
    [IngestOnly]
    ValueTask<ApplyResult> ApplyAsync(SensorReadingBatch batch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Persists the sensor's state if it changed since it was last written, after checking that it includes
    /// every reading <paramref name="delivered"/> names (per partition, the highest offset the caller delivered).
    /// Returns false, writing nothing, when it does not: the sensor lost applied readings, and the caller must
    /// not commit those offsets but replay them. Ingest-only: a cluster client's call is refused.
    /// </summary>
    [IngestOnly]
    ValueTask<bool> CheckpointAsync(System.Collections.Immutable.ImmutableDictionary<int, long> delivered, CancellationToken cancellationToken = default);

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
