namespace StreamRnn.Training;

/// <summary>
/// How well a <see cref="Models.BidirectionalScorer"/> estimates each step of channel 0 from the rest of its window,
/// against two baselines that also never see the step: the training mean, and linear interpolation between the two
/// neighbours (the one neighbour at a window's edge). Mean squared errors in the series' original units.
/// </summary>
/// <param name="Count">Estimates compared (every step of every window).</param>
/// <param name="ModelMse">The scorer's mean squared error.</param>
/// <param name="MeanMse">The training-mean baseline's mean squared error.</param>
/// <param name="InterpolationMse">The linear-interpolation baseline's mean squared error.</param>
public sealed record ReconstructionMetrics(long Count, double ModelMse, double MeanMse, double InterpolationMse);
