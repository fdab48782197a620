using System.Collections.Concurrent;
using StreamRnn.Contracts;

namespace StreamRnn.Grains.Tests;

/// <summary>A score sink that keeps every published score, for assertions (the silo's real one writes to Kafka).</summary>
public sealed class RecordingScoreSink : IScoreSink
{
    public ConcurrentQueue<SensorScore> Scores { get; } = new();

    public bool Enabled => true;

    /// <summary>While set, the next publish of this sensor's scores fails (once), as a Kafka sink that is down would.</summary>
    public string? FailNextFor { get; set; }

    public ValueTask PublishAsync(IReadOnlyList<SensorScore> scores, CancellationToken cancellationToken)
    {
        if (FailNextFor is { } failing && scores.Any(score => score.SensorId == failing))
        {
            FailNextFor = null;
            throw new InvalidOperationException($"injected: publishing {failing}'s scores failed");
        }

        foreach (var score in scores)
        {
            Scores.Enqueue(score);
        }

        return ValueTask.CompletedTask;
    }

    public IReadOnlyList<SensorScore> For(string sensorId) => [.. Scores.Where(s => s.SensorId == sensorId)];
}
