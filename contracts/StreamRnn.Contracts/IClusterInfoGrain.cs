namespace StreamRnn.Contracts;

/// <summary>
/// Tells clients how to reach the cluster's Kafka, so the CLI can replay into the embedded Kafka
/// (whose ports are chosen at start) without being told its address.
/// </summary>
public interface IClusterInfoGrain : IGrainWithIntegerKey
{
    ValueTask<KafkaEndpoint> GetKafkaEndpointAsync(CancellationToken cancellationToken = default);
}
