namespace StreamRnn.Contracts;

/// <summary>
/// What a sensor did with a batch: readings applied, readings skipped as already applied, alerts raised; or,
/// with <see cref="StateLost"/>, nothing, because its state is behind what the sender delivered before.
/// </summary>
[GenerateSerializer, Immutable, Alias("streamrnn.apply-result")]
public sealed record ApplyResult(
    [property: Id(0)] int Applied,
    [property: Id(1)] int Duplicates,
    [property: Id(2)] int Alerts)
{
    /// <summary>A batch refused because the sensor lost readings it had applied but not persisted.</summary>
    public static ApplyResult Lost { get; } = new(0, 0, 0) { StateLost = true };

    /// <summary>
    /// The sensor's applied offsets are below <see cref="SensorReadingBatch.DeliveredBefore"/>: it was reactivated from
    /// a checkpoint older than readings it had applied. Nothing was applied; the sender must replay from its committed offsets.
    /// </summary>
    [Id(3)] public bool StateLost { get; init; }
}
