namespace StreamRnn.Scoring;

/// <summary>The state of <see cref="SpikeDetector"/>: the moments of recent values (winsorised once learnt).</summary>
public readonly record struct SpikeDetectorState(RunningMoments Recent);
