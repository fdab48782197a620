using System.Collections.Immutable;

namespace StreamRnn.Scoring;

/// <summary>One reading as <see cref="SensorPipeline"/> takes it: its event time, its channel values and where it came from (for alert ids).</summary>
public readonly record struct SensorPipelineReading(DateTimeOffset Timestamp, ImmutableArray<double> Values, int Partition, long Offset);
