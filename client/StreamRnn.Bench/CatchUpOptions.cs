namespace StreamRnn.Bench;

/// <summary>What <see cref="CatchUpScenario"/> drains and how.</summary>
public sealed record CatchUpOptions(string BootstrapServers, BenchTopics Topics, int Readings)
{
    /// <summary>Settings for the pipeline silos, <c>--Section:Key=value</c>.</summary>
    public IReadOnlyList<string> Overrides { get; init; } = [];

    /// <summary>Redis for the sensors' state (durable checkpoints); null keeps it in memory.</summary>
    public string? RedisConnectionString { get; init; }

    /// <summary>Runs before each drain (for example, empties the Redis so sensors start from nothing).</summary>
    public Func<Task>? BeforeDrain { get; init; }

    /// <summary>Where a drain reports its progress every few seconds; null: silent.</summary>
    public TextWriter? Progress { get; init; }

    /// <summary>Only the batched pipeline: no bare consumer, no unbatched drain.</summary>
    public bool OnlyBatched { get; init; }
}
