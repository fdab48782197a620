using Confluent.Kafka;

namespace StreamRnn.Hosting.Ingest;

/// <summary>
/// Messages consumed together (possibly none: an idle poll lets a due checkpoint run), and the consumer's read
/// generation when they were: polls of an older generation were read before a rewind and are dropped.
/// <paramref name="ConsumedAt"/> is when the poll was queued for the dispatcher (a <see cref="TimeProvider.GetTimestamp"/>).
/// </summary>
internal sealed record IngestPoll(List<ConsumeResult<byte[]?, byte[]?>> Messages, long Generation, long ConsumedAt);
