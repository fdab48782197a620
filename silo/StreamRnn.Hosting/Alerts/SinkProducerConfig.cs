using Confluent.Kafka;
using StreamRnn.Kafka;

namespace StreamRnn.Hosting.Alerts;

/// <summary>
/// The producer configuration of the score and alert sinks: the connection's idempotent producer with
/// <c>linger.ms=0</c> unless <c>Kafka:Producer</c> or <c>Kafka:Client</c> sets it. A sensor call awaits its scores'
/// (and alerts') delivery, and ingest waits for every call of a poll, so a linger is paid by every reading of every
/// poll; with none, librdkafka still batches whatever is queued while earlier requests are in flight, so a backlog
/// is sent in large batches anyway.
/// </summary>
internal static class SinkProducerConfig
{
    private static readonly string[] LingerKeys = ["linger.ms", "queue.buffering.max.ms"];

    public static ProducerConfig Create(IKafkaConnection connection, KafkaOptions options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        var config = connection.CreateProducerConfig();
        if (!LingerKeys.Any(key => options.Producer.ContainsKey(key) || options.Client.ContainsKey(key)))
        {
            config.LingerMs = 0;
        }

        return config;
    }
}
