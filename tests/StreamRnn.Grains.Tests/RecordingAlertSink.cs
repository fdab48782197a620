using System.Collections.Concurrent;
using StreamRnn.Contracts;
using StreamRnn.Grains;

namespace StreamRnn.Grains.Tests;

/// <summary>An alert sink that keeps what it is given, for assertions (the silo's real one writes to Kafka).</summary>
public sealed class RecordingAlertSink : IAlertSink
{
    public ConcurrentQueue<SensorAlert> Alerts { get; } = new();

    public ValueTask PublishAsync(SensorAlert alert, CancellationToken cancellationToken)
    {
        Alerts.Enqueue(alert);
        return ValueTask.CompletedTask;
    }

    public IReadOnlyList<SensorAlert> For(string sensorId) => [.. Alerts.Where(a => a.SensorId == sensorId)];
}
