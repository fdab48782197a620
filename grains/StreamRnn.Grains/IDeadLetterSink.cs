using StreamRnn.Contracts;

namespace StreamRnn.Grains;

/// <summary>
/// Where a sensor sends a valid reading it refuses (<see cref="ReadingRejection"/>): one its scoring cannot process, or
/// one not later than its last. The silo's is the Kafka dead-letter topic, with the rejection as the reason.
/// </summary>
public interface IDeadLetterSink
{
    /// <summary>Publishes <paramref name="reading"/> of <paramref name="sensorId"/>, saying why in <paramref name="rejection"/> and <paramref name="detail"/>; throws if it is not accepted.</summary>
    ValueTask PublishAsync(string sensorId, SensorReading reading, ReadingRejection rejection, string detail, CancellationToken cancellationToken);
}
