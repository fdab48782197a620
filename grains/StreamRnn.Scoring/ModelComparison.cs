namespace StreamRnn.Scoring;

/// <summary>
/// A newly switched-to model against the old one on the same recent readings (<see cref="ModelErrorComparison"/>).
/// </summary>
/// <param name="ErrorRatio">The new model's mean absolute one-step error over the old model's.</param>
/// <param name="NewErrors">The new model's one-step errors on those readings (value − forecast, in the sensor's unit), oldest first.</param>
public sealed record ModelComparison(double ErrorRatio, double[] NewErrors);
