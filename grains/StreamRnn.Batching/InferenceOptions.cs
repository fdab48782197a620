using System.ComponentModel.DataAnnotations;

namespace StreamRnn.Batching;

/// <summary>Batching policy of the <see cref="Batching.InferenceBatcher"/> (configuration section <c>Inference</c>).</summary>
public sealed class InferenceOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Inference";

    private const int DefaultMaxBatchSize = 512;
    private const int DefaultQueueCapacity = 100_000;
    private const int DefaultMaxWaitMilliseconds = 0;

    /// <summary>Most requests in one forward. 1 disables batching.</summary>
    [Range(1, 65_536)]
    public int MaxBatchSize { get; set; } = DefaultMaxBatchSize;

    /// <summary>
    /// How long the oldest waiting request may wait for others before the batch runs. The default,
    /// <see cref="TimeSpan.Zero"/>, never waits: a batch runs as soon as the queue is drained, taking what is queued (up to
    /// <see cref="MaxBatchSize"/>). That adapts by itself: a light load runs each request at once (no added latency),
    /// while under a backlog requests pile up during each forward and the next batch is large. A wait only adds latency
    /// at a light load (it was 2 ms, paid twice per reading in the live pipeline) and buys nothing under a backlog.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMilliseconds(DefaultMaxWaitMilliseconds);

    /// <summary>Capacity of the bounded request queue; callers wait while it is full.</summary>
    [Range(1, 10_000_000)]
    public int QueueCapacity { get; set; } = DefaultQueueCapacity;
}
