using System.ComponentModel.DataAnnotations;

namespace StreamRnn.Grains;

/// <summary>
/// How long a sensor stays in memory once its readings stop, and shedding under memory pressure. Section
/// <c>SensorActivation</c>. An idle sensor is deactivated (its state written to grain storage first) and reloaded from
/// storage by its next reading, so the sensors in memory are those that sent a reading within about
/// <see cref="IdleTimeout"/>: a flood of distinct ids costs memory in proportion to its rate, not to its total.
/// </summary>
public sealed class SensorActivationOptions : IValidatableObject
{
    public const string SectionName = "SensorActivation";

    private const int DefaultMemoryLimitPercent = 80;
    private const int DefaultMemoryTargetPercent = 70;
    private const int DefaultMaxActivePerSilo = 50_000;
    private const int DefaultMaxLeavingPerSilo = 5_000;
    private static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan DefaultCollectionQuantum = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a sensor with no call stays active (Orleans' collection age for <see cref="SensorGrain"/>). A sensor
    /// whose dropout is still to be judged stays until it is (see <c>Sensors:DropoutIntervals</c>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = DefaultIdleTimeout;

    /// <summary>
    /// Sensors a silo keeps in memory before it admits no more for longer than a call: above it, a sensor that has no
    /// dropout to watch is deactivated as soon as its call ends (state written first), so a flood of new ids costs
    /// storage writes and reads, not memory. On top of it: the sensors in a call (at most <c>Ingest:MaxConcurrentCalls</c>
    /// from each ingesting silo) and those leaving (<see cref="MaxLeavingPerSilo"/>).
    /// </summary>
    [Range(100, 10_000_000)]
    public int MaxActivePerSilo { get; set; } = DefaultMaxActivePerSilo;

    /// <summary>
    /// Sensors a silo lets be leaving memory at once (deactivation begun, not yet finished by Orleans): while this many
    /// are, a new sensor waits in its activation, and so does the call that needs it. Orleans finishes deactivations at
    /// its own pace; without this bound, under a flood of new ids, the ones leaving pile up faster than they go.
    /// </summary>
    [Range(10, 10_000_000)]
    public int MaxLeavingPerSilo { get; set; } = DefaultMaxLeavingPerSilo;

    /// <summary>How often the silo looks for idle activations (Orleans' <c>CollectionQuantum</c>, for every grain type): an idle sensor goes within <see cref="IdleTimeout"/> plus this.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan CollectionQuantum { get; set; } = DefaultCollectionQuantum;

    /// <summary>Whether the silo also deactivates its least recently used grains when its memory use passes <see cref="MemoryLimitPercent"/>.</summary>
    public bool ShedOnMemoryPressure { get; set; } = true;

    /// <summary>Memory use (percent of the memory available to the process: the container's limit, or <c>DOTNET_GCHeapHardLimit</c>) at which shedding starts.</summary>
    [Range(1, 100)]
    public int MemoryLimitPercent { get; set; } = DefaultMemoryLimitPercent;

    /// <summary>Memory use that shedding brings the silo back down to; below <see cref="MemoryLimitPercent"/>.</summary>
    [Range(1, 99)]
    public int MemoryTargetPercent { get; set; } = DefaultMemoryTargetPercent;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IdleTimeout <= CollectionQuantum)
        {
            yield return new ValidationResult($"{SectionName}:{nameof(IdleTimeout)} must be longer than {SectionName}:{nameof(CollectionQuantum)}.", [nameof(IdleTimeout)]);
        }

        if (MemoryTargetPercent >= MemoryLimitPercent)
        {
            yield return new ValidationResult($"{SectionName}:{nameof(MemoryTargetPercent)} must be below {SectionName}:{nameof(MemoryLimitPercent)}.", [nameof(MemoryTargetPercent)]);
        }
    }
}
