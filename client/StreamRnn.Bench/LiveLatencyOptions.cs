namespace StreamRnn.Bench;

/// <summary>What <see cref="LiveLatencyScenario"/> runs.</summary>
public sealed record LiveLatencyOptions
{
    /// <summary>Distinct sensors; each sends <see cref="ReadingsPerSecondPerSensor"/>.</summary>
    public int Sensors { get; init; } = 10_000;

    /// <summary>Readings per second of each sensor.</summary>
    public double ReadingsPerSecondPerSensor { get; init; } = 2;

    /// <summary>Paced readings before the measured part (not counted).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The measured (steady) part.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The growth check compares the p99 of the first and of the last this long of the measured part.</summary>
    public TimeSpan GrowthWindow { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long to wait, after the last reading, for the scores still missing.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The p99 the run must stay under to meet the goal.</summary>
    public TimeSpan TargetP99 { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Partitions of the embedded readings and scores topics.</summary>
    public int Partitions { get; init; } = 32;

    /// <summary>
    /// A running cluster to measure (a silo consuming <see cref="ReadingsTopic"/> and publishing to <see cref="ScoresTopic"/>);
    /// null: an embedded Kafka and an in-process silo.
    /// </summary>
    public string? BootstrapServers { get; init; }

    /// <summary>The readings topic.</summary>
    public string ReadingsTopic { get; init; } = "bench-live-readings";

    /// <summary>The scores topic (the silo's <c>Kafka:ScoresTopic</c>).</summary>
    public string ScoresTopic { get; init; } = "bench-live-scores";

    /// <summary>Settings for the in-process silo, <c>--Section:Key=value</c>.</summary>
    public IReadOnlyList<string> SiloOverrides { get; init; } = [];

    /// <summary>Redis for the in-process silo's sensor state (durable checkpoints); null keeps it in memory.</summary>
    public string? RedisConnectionString { get; init; }

    /// <summary>Port offset of the in-process silo (see <see cref="BenchSilo.Build"/>); -1, the default: free ports.</summary>
    public int SiloPort { get; init; } = -1;

    /// <summary>Readings per second in all.</summary>
    public double Rate => Sensors * ReadingsPerSecondPerSensor;
}
