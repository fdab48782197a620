namespace StreamRnn.Scoring;

/// <summary>
/// Compares a newly switched-to model with the old one on the same readings, so that a sensor's error distribution can
/// be carried over to the new model (<see cref="AnomalyLikelihood.Switch"/>) rather than relearnt. After a
/// switch the new model runs over the sensor's recent readings from a zero state (<see cref="SensorPipeline.RewarmInputs"/>);
/// once it has run <c>settleSteps</c> of them, its one-step errors on the rest are set against the errors the old model
/// made on those same readings, which the scorer still holds. Pure.
/// </summary>
public static class ModelErrorComparison
{
    /// <summary>
    /// The new model's mean absolute one-step error over the old model's, on the last readings both forecast, and the new
    /// model's errors on them; null when fewer than <paramref name="minimumPairs"/> readings can be compared or either
    /// mean is 0.
    /// </summary>
    /// <param name="warmInputs">The re-warm's recent inputs, normalised, <paramref name="channels"/> per step, oldest first; the value judged is each step's first.</param>
    /// <param name="forecasts">The new model's forecasts after each re-warm step (at least the re-warm's), <paramref name="horizon"/> per step; the first of each is the next step's.</param>
    /// <param name="scale">The sensor's unit per normalised unit, to put the new errors in the old ones' unit.</param>
    /// <param name="oldErrors">The old model's last errors in the sensor's unit, one per recent reading, oldest first, the last for the re-warm's last step.</param>
    /// <param name="settleSteps">Re-warm steps the new model runs before its errors count (its state starts at zero).</param>
    /// <param name="minimumPairs">The fewest readings to compare on.</param>
    public static ModelComparison? Compare(
        ReadOnlySpan<float> warmInputs,
        int channels,
        ReadOnlySpan<float> forecasts,
        int horizon,
        double scale,
        ReadOnlySpan<float> oldErrors,
        int settleSteps,
        int minimumPairs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(settleSteps);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumPairs, 1);
        var warmSteps = warmInputs.Length / channels;
        if (forecasts.Length < warmSteps * horizon)
        {
            throw new ArgumentException("There must be a forecast after every re-warm step.", nameof(forecasts));
        }

        // A step's error needs the forecast the step before made: step 0 has none, and the first settleSteps are the
        // new model's warm-up.
        var pairs = Math.Min(oldErrors.Length, warmSteps - 1 - settleSteps);
        if (pairs < minimumPairs || !(scale > 0) || !double.IsFinite(scale))
        {
            return null;
        }

        var newErrors = new double[pairs];
        var newSum = 0.0;
        var oldSum = 0.0;
        for (var i = 0; i < pairs; i++)
        {
            var step = warmSteps - pairs + i;
            newErrors[i] = ((double)warmInputs[step * channels] - forecasts[(step - 1) * horizon]) * scale;
            newSum += Math.Abs(newErrors[i]);
            oldSum += Math.Abs(oldErrors[oldErrors.Length - pairs + i]);
        }

        return newSum > 0 && oldSum > 0 && double.IsFinite(newSum) && double.IsFinite(oldSum) ? new ModelComparison(newSum / oldSum, newErrors) : null;
    }
}
