using System.Globalization;

namespace StreamRnn.Bench;

/// <summary>
/// Reading-to-score latency (Kafka timestamp of the score minus that of its reading, joined on the reading's partition
/// and offset), in milliseconds, over the measured part of a <see cref="LiveLatencyScenario"/> run.
/// </summary>
public sealed record LiveLatencyResult
{
    public required LiveLatencyOptions Options { get; init; }

    /// <summary>Readings produced during the measured part, per second.</summary>
    public required double AchievedRate { get; init; }

    /// <summary>Readings produced in the whole run (warm-up and priming included) and how many of them got a score.</summary>
    public required long Produced { get; init; }

    public required long Scored { get; init; }

    /// <summary>Readings of the measured part with a score, over which the percentiles are taken.</summary>
    public required long Measured { get; init; }

    public required double P50 { get; init; }

    public required double P99 { get; init; }

    public required double Max { get; init; }

    /// <summary>p99 of the first and last <see cref="LiveLatencyOptions.GrowthWindow"/> of the measured part.</summary>
    public required double FirstP99 { get; init; }

    public required double LastP99 { get; init; }

    /// <summary>
    /// The CPU this process used over the measured part, in cores (CPU seconds per second): the embedded Kafka, the silo and
    /// the producer together. Null against a given cluster, whose processes are elsewhere.
    /// </summary>
    public double? CoresBusy { get; init; }

    /// <summary>No growth: the last window's p99 is at most 1.5 times the first's plus 2 ms (millisecond timestamps).</summary>
    public bool NoGrowth => LastP99 <= FirstP99 * 1.5 + 2;

    /// <summary>Every reading scored, p99 within the target and no growth.</summary>
    public bool Meets => Scored == Produced && P99 <= Options.TargetP99.TotalMilliseconds && NoGrowth;

    /// <summary>The line: <c>live: … p50=… p99=… max=… ms …</c>.</summary>
    public string Line => string.Create(
        CultureInfo.InvariantCulture,
        $"live: {Options.Sensors:N0} sensors x {Options.ReadingsPerSecondPerSensor:0.###}/s = {AchievedRate:N0} readings/s for {Options.Duration.TotalSeconds:0} s: p50={P50:0.#} p99={P99:0.#} max={Max:0.#} ms (p99 first {Options.GrowthWindow.TotalSeconds:0} s {FirstP99:0.#}, last {LastP99:0.#}: {(NoGrowth ? "no growth" : "GROWS")}; scored {Scored:N0} of {Produced:N0} readings; {(Options.BootstrapServers is null ? "embedded Kafka, in-process silo" : Options.BootstrapServers)}, checkpoints {(Options.RedisConnectionString is null ? (Options.BootstrapServers is null ? "in memory" : "as the cluster's") : "durable (Redis)")}{(CoresBusy is { } cores ? $"; process CPU {cores:0.00} cores" : "")}) target p99<={Options.TargetP99.TotalMilliseconds:0} ms: {(Meets ? "met" : "NOT met")}");
}
