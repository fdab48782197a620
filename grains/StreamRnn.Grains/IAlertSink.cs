using StreamRnn.Contracts;

namespace StreamRnn.Grains;

/// <summary>Where alerts go besides the Orleans stream (the silo's Kafka alert producer).</summary>
public interface IAlertSink
{
    /// <summary>Publishes an alert durably (returns when the sink has accepted it).</summary>
    ValueTask PublishAsync(SensorAlert alert, CancellationToken cancellationToken);
}
