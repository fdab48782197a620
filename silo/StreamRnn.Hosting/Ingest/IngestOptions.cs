using System.ComponentModel.DataAnnotations;

namespace StreamRnn.Hosting.Ingest;

/// <summary>How the silo's consumer-group member reads <c>sensor-readings</c>. Section <c>Ingest</c>.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    private const int DefaultMaxPollRecords = 100_000;
    private const int DefaultMaxRetries = 60;
    private const int DefaultMaxReadingsPerCall = 1_000;
    private const int DefaultMaxConcurrentCalls = 10_000;

    /// <summary>Turns ingest off (a silo that only serves grains).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The most messages taken from Kafka into one batch of grain calls.</summary>
    [Range(1, 1_000_000)]
    public int MaxPollRecords { get; set; } = DefaultMaxPollRecords;

    /// <summary>
    /// The most readings of one sensor in one grain call. A hot sensor's share of a poll is applied in calls of at
    /// most this many, one after another, so no single call (its message, its inference step, its turn) grows with
    /// the poll; other sensors' calls run beside them.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxReadingsPerCall { get; set; } = DefaultMaxReadingsPerCall;

    /// <summary>
    /// The most sensor calls (applies, and checkpoints) one silo's ingest has in flight at once. A poll of many distinct sensors (a flood of new
    /// ids) then activates them, and reads their state from storage, this many at a time.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxConcurrentCalls { get; set; } = DefaultMaxConcurrentCalls;

    /// <summary>How long one poll waits for the first message.</summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a poll keeps collecting after its first message before the batch is dispatched.</summary>
    public TimeSpan MaxPollDuration { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Retries of a failed sensor call (apply or checkpoint) before ingest stops (it never skips readings). Waits
    /// double from 100 ms up to 2 s, so the default 60 keep trying for about 1 min 50 s: long enough for the
    /// cluster to declare a killed silo dead and place its sensors elsewhere.
    /// </summary>
    [Range(0, 10_000)]
    public int MaxRetries { get; set; } = DefaultMaxRetries;

    /// <summary>
    /// How often the sensors delivered to are persisted and then the offsets committed. Shorter: fewer readings
    /// replayed after a silo is lost, more storage writes (one per sensor per interval). Zero: after every poll.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How far past the silo's clock a reading's timestamp may be. A later one is dead-lettered as
    /// <c>future-timestamp</c>: taken as is, a reading dated 9999 would make every later reading of its sensor out of order.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(5);
}
