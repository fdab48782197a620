namespace StreamRnn.Scoring;

/// <summary>One reading's published score: the reading, the value its forecast expected, the score and the model version that made the forecast.</summary>
public readonly record struct PipelineScore(DateTimeOffset Timestamp, double Value, double Expected, double Score, int ModelVersion, int Partition, long Offset);
