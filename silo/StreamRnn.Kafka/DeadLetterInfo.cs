using Confluent.Kafka;

namespace StreamRnn.Kafka;

/// <summary>What the <see cref="DeadLetterHeaders"/> of a dead-lettered message say.</summary>
/// <param name="Reason">Why it was dead-lettered.</param>
/// <param name="Detail">A short human explanation (never the payload).</param>
/// <param name="Source">Where the original message was: topic, partition and offset.</param>
public sealed record DeadLetterInfo(DeadLetterReason Reason, string Detail, TopicPartitionOffset Source);
