using System.Collections.Concurrent;
using StreamRnn.Contracts;

namespace StreamRnn.Grains.Tests;

/// <summary>A dead-letter sink that keeps what it is given, for assertions (the silo's real one writes to Kafka).</summary>
public sealed class RecordingDeadLetterSink : IDeadLetterSink
{
    public ConcurrentQueue<(string SensorId, SensorReading Reading, ReadingRejection Rejection, string Detail)> Letters { get; } = new();

    public ValueTask PublishAsync(string sensorId, SensorReading reading, ReadingRejection rejection, string detail, CancellationToken cancellationToken)
    {
        Letters.Enqueue((sensorId, reading, rejection, detail));
        return ValueTask.CompletedTask;
    }

    public IReadOnlyList<(SensorReading Reading, string Detail)> For(string sensorId) =>
        [.. Letters.Where(l => l.SensorId == sensorId).Select(l => (l.Reading, l.Detail))];

    public IReadOnlyList<(SensorReading Reading, ReadingRejection Rejection)> RejectionsFor(string sensorId) =>
        [.. Letters.Where(l => l.SensorId == sensorId).Select(l => (l.Reading, l.Rejection))];
}
