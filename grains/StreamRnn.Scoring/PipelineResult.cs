namespace StreamRnn.Scoring;

/// <summary>What <see cref="SensorPipeline.Score"/> made of a batch: one score per reading, the alerts in order, and the training windows it completed.</summary>
public sealed record PipelineResult(IReadOnlyList<PipelineScore> Scores, IReadOnlyList<PipelineAlert> Alerts, IReadOnlyList<PipelineTrainingWindow> TrainingWindows);
