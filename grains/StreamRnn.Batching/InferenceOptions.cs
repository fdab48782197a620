using System.ComponentModel.DataAnnotations;

namespace StreamRnn.Batching;

/// <summary>Batching policy of the <see cref="Batching.InferenceBatcher"/> (configuration section <c>Inference</c>).</summary>
public sealed class InferenceOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Inference";

    private const int DefaultMaxBatchSize = 512;
    private const int DefaultQueueCapacity = 100_000;
    private const int DefaultMaxWaitMilliseconds = 2;

    /// <summary>Most requests in one forward. 1 disables batching.</summary>
    [Range(1, 65_536)]
    public int MaxBatchSize { get; set; } = DefaultMaxBatchSize;

    /// <summary>
    /// How long the oldest waiting request may wait for others before the batch runs.
    /// <see cref="TimeSpan.Zero"/> never waits: a batch takes only what is already queued.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMilliseconds(DefaultMaxWaitMilliseconds);

    /// <summary>Capacity of the bounded request queue; callers wait while it is full.</summary>
    [Range(1, 10_000_000)]
    public int QueueCapacity { get; set; } = DefaultQueueCapacity;
}
