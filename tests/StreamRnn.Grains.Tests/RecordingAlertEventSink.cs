using System.Collections.Concurrent;
using StreamRnn.Contracts;
using StreamRnn.Grains.Alerts;

namespace StreamRnn.Grains.Tests;

/// <summary>An alert event sink that keeps what it is given, for assertions (the silo's real one writes to Kafka).</summary>
public sealed class RecordingAlertEventSink : IAlertEventSink
{
    public ConcurrentQueue<AlertLifecycleEvent> Events { get; } = new();

    public ValueTask PublishAsync(AlertLifecycleEvent lifecycleEvent, CancellationToken cancellationToken)
    {
        Events.Enqueue(lifecycleEvent);
        return ValueTask.CompletedTask;
    }

    public ConcurrentQueue<SuppressionEvent> Suppressions { get; } = new();

    public ValueTask PublishAsync(SuppressionEvent suppressionEvent, CancellationToken cancellationToken)
    {
        Suppressions.Enqueue(suppressionEvent);
        return ValueTask.CompletedTask;
    }

    public IReadOnlyList<AlertLifecycleEvent> For(string sensorId) => [.. Events.Where(e => e.SensorId == sensorId)];
}
