using Confluent.Kafka;

namespace StreamRnn.Kafka;

/// <summary>
/// Where StreamRnn's Kafka is, and how to configure clients for it. Either a real cluster
/// (<see cref="KafkaOptions.BootstrapServers"/>) or an embedded, in-memory one started on first use.
/// </summary>
public interface IKafkaConnection
{
    /// <summary>Bootstrap servers of the cluster in use (starts the embedded cluster if needed).</summary>
    string BootstrapServers { get; }

    /// <summary>True when the cluster is the embedded, in-memory, non-durable one.</summary>
    bool IsEmbedded { get; }

    /// <summary>
    /// A consumer configuration for <paramref name="groupId"/>: offsets are stored by the caller
    /// (<c>enable.auto.offset.store=false</c>, call <c>StoreOffset</c> once a message is done) and
    /// committed in the background (<c>enable.auto.commit=true</c>); a new group starts at the
    /// earliest offset. <see cref="KafkaOptions.Client"/> properties are included. With the embedded
    /// cluster the session is short (<c>session.timeout.ms=6000</c>) so that a restarted consumer
    /// rejoins quickly.
    /// </summary>
    ConsumerConfig CreateConsumerConfig(string groupId);

    /// <summary>An idempotent producer configuration (<c>enable.idempotence=true</c>, <c>acks=all</c>, small linger), with <see cref="KafkaOptions.Client"/> properties.</summary>
    ProducerConfig CreateProducerConfig();

    /// <summary>An admin client configuration, with <see cref="KafkaOptions.Client"/> properties.</summary>
    AdminClientConfig CreateAdminConfig();

    /// <summary>
    /// Makes sure the readings, dead-letter and alerts topics exist. Embedded: they are created when
    /// the cluster starts. Real cluster: missing ones are created with <see cref="KafkaOptions.Partitions"/>
    /// partitions and the broker's default replication factor; existing ones are left as they are.
    /// </summary>
    Task EnsureTopicsAsync(CancellationToken cancellationToken);
}
