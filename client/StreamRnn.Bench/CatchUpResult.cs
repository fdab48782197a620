using System.Globalization;

namespace StreamRnn.Bench;

/// <summary>Catch-up rates, readings/s; <see cref="Bare"/> and <see cref="Unbatched"/> null when not measured.</summary>
public sealed record CatchUpResult(double Pipeline, double? Bare, double? Unbatched, bool Durable)
{
    /// <summary>The issue's line: <c>ratios: pipeline/bare = X, batched/unbatched = Y</c>, with the rates and whether checkpoints were durable.</summary>
    public string Line => Bare is { } bare && Unbatched is { } unbatched
        ? string.Create(CultureInfo.InvariantCulture, $"ratios: pipeline/bare = {Pipeline / bare:F3}, batched/unbatched = {Pipeline / unbatched:F2} (pipeline {Pipeline:N0}/s, bare {bare:N0}/s, unbatched {unbatched:N0}/s; checkpoints {(Durable ? "durable (Redis)" : "in memory")})")
        : string.Create(CultureInfo.InvariantCulture, $"catch-up: pipeline {Pipeline:N0} readings/s (checkpoints {(Durable ? "durable (Redis)" : "in memory")})");
}
