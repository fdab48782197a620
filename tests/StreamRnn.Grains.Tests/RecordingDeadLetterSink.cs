using System.Collections.Concurrent;
using StreamRnn.Contracts;

namespace StreamRnn.Grains.Tests;

/// <summary>A dead-letter sink that keeps what it is given, for assertions (the silo's real one writes to Kafka).</summary>
public sealed class RecordingDeadLetterSink : IDeadLetterSink
{
    public ConcurrentQueue<(string SensorId, SensorReading Reading, string Detail)> Letters { get; } = new();

    public ValueTask PublishAsync(string sensorId, SensorReading reading, string detail, CancellationToken cancellationToken)
    {
        Letters.Enqueue((sensorId, reading, detail));
        return ValueTask.CompletedTask;
    }

    public IReadOnlyList<(SensorReading Reading, string Detail)> For(string sensorId) =>
        [.. Letters.Where(l => l.SensorId == sensorId).Select(l => (l.Reading, l.Detail))];
}
