using StreamRnn.Contracts;

namespace StreamRnn.Grains;

/// <summary>
/// Where a sensor sends a reading it cannot process (its scoring throws for that reading alone, e.g. a value whose
/// forecast error overflows): the silo's is the Kafka dead-letter topic, with reason <c>processing-failed</c>.
/// </summary>
public interface IDeadLetterSink
{
    /// <summary>Publishes <paramref name="reading"/> of <paramref name="sensorId"/>, saying why in <paramref name="detail"/>; throws if it is not accepted.</summary>
    ValueTask PublishAsync(string sensorId, SensorReading reading, string detail, CancellationToken cancellationToken);
}
