using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using StreamRnn.Contracts;
using StreamRnn.Kafka;

namespace StreamRnn.Hosting;

/// <summary>Answers with this silo's Kafka endpoint (a local stateless worker).</summary>
[StatelessWorker]
public sealed class ClusterInfoGrain(IKafkaConnection connection, IOptions<KafkaOptions> options) : Grain, IClusterInfoGrain
{
    public ValueTask<KafkaEndpoint> GetKafkaEndpointAsync(CancellationToken cancellationToken = default)
    {
        var kafka = options.Value;
        return ValueTask.FromResult(new KafkaEndpoint(connection.BootstrapServers, connection.IsEmbedded, kafka.ReadingsTopic, kafka.DeadLetterTopic, kafka.AlertsTopic) { ScoresTopic = kafka.ScoresTopic, AlertEventsTopic = kafka.AlertEventsTopic });
    }
}
