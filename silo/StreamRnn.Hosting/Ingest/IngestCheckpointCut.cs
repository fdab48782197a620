using System.Collections.Immutable;
using Confluent.Kafka;

namespace StreamRnn.Hosting.Ingest;

/// <summary>
/// One checkpoint's share of what ingest delivered (<see cref="IngestCheckpoint.Seal"/>): the sensors to persist, each
/// with the offsets it must hold, and the positions to commit once all of them have. Never changed after it is cut.
/// </summary>
internal sealed class IngestCheckpointCut
{
    public IngestCheckpointCut(IReadOnlyDictionary<string, ImmutableDictionary<int, long>> deliveredSensors, IReadOnlyList<TopicPartitionOffset> positions)
    {
        DeliveredSensors = deliveredSensors;
        Positions = positions;
    }

    /// <summary>The sensors to persist, with what each must hold.</summary>
    public IReadOnlyDictionary<string, ImmutableDictionary<int, long>> DeliveredSensors { get; }

    /// <summary>The positions to commit once every sensor has persisted.</summary>
    public IReadOnlyList<TopicPartitionOffset> Positions { get; }
}
