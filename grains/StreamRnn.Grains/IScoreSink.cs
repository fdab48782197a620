using StreamRnn.Contracts;

namespace StreamRnn.Grains;

/// <summary>Where sensors publish every reading's score (the silo's Kafka scores producer, or nowhere).</summary>
public interface IScoreSink
{
    /// <summary>Whether scores go anywhere; sensors build none when not.</summary>
    bool Enabled { get; }

    /// <summary>Publishes one sensor's scores, in order (returns when the sink has accepted them).</summary>
    ValueTask PublishAsync(IReadOnlyList<SensorScore> scores, CancellationToken cancellationToken);
}
