namespace StreamRnn.Scoring;

/// <summary>A clean training window (normalised inputs, step-major) that ends at reading <paramref name="EndReading"/> (1-based).</summary>
public sealed record PipelineTrainingWindow(float[] Inputs, int Steps, int Channels, long EndReading);
