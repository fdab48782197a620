namespace StreamRnn.Scoring;

/// <summary>
/// Parameters of <see cref="AnomalyLikelihood"/>, every one given (a sensor's come from <see cref="SensorOptions"/>):
/// every threshold is relative to the sensor's own error distribution, so they work untuned on errors in any unit.
/// </summary>
public sealed record AnomalyLikelihoodSettings
{
    /// <summary>Errors in the short-term average (Numenta's averaging window).</summary>
    public required int ShortWindow { get; init; }

    /// <summary>
    /// Short-term averages the long-term distribution remembers: exact mean and variance of the first
    /// <see cref="Memory"/>, then an exponentially weighted average with weight 1/<see cref="Memory"/>
    /// (<see cref="RunningMoments"/>). Stands in for Numenta's historic window.
    /// </summary>
    public required int Memory { get; init; }

    /// <summary>Readings, from a new state, during which the likelihood is 0.5 and nothing alerts. More than <see cref="ShortWindow"/>.</summary>
    public required int LearningPeriod { get; init; }

    /// <summary>
    /// Readings after <see cref="AnomalyLikelihood.StartProbation"/> (a model switch) during which the
    /// likelihood is 0.5 and nothing alerts, and the weight the old distribution keeps as a prior, in
    /// readings. At least <see cref="ShortWindow"/>.
    /// </summary>
    public required int ProbationPeriod { get; init; }

    /// <summary>The standard deviation of short-term averages is never taken below this fraction of their mean.</summary>
    public required double MinimumRelativeDeviation { get; init; }

    /// <summary>The standard deviation of short-term averages is never taken below this, in the errors' unit. More than 0.</summary>
    public required double MinimumDeviation { get; init; }

    /// <summary>
    /// A reading alerts when its <see cref="AnomalyLikelihoodResult.LogLikelihood"/> is at or above this.
    /// At 0.9, a tail probability of 9e-10, the short-term average about 6.0 standard deviations above
    /// its mean. Numenta's 0.5 (a tail of 1e-5) is too low here: the average of absolute errors has a heavier
    /// right tail than the fitted normal, and in seeded runs of 10,000 stationary readings of |Gaussian|
    /// errors it was reached in 47 % of runs, 0.9 in 0.1 %. Errors with heavier tails than Gaussian reach it
    /// more often (|Laplace| errors: 8 % of such runs).
    /// </summary>
    public required double AlertThreshold { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ShortWindow, 1, nameof(ShortWindow));
        ArgumentOutOfRangeException.ThrowIfLessThan(Memory, 2, nameof(Memory));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(LearningPeriod, ShortWindow, nameof(LearningPeriod));
        ArgumentOutOfRangeException.ThrowIfLessThan(ProbationPeriod, ShortWindow, nameof(ProbationPeriod));
        SettingsGuard.ThrowIfNegativeOrNotFinite(MinimumRelativeDeviation, nameof(MinimumRelativeDeviation));
        SettingsGuard.ThrowIfNotPositiveFinite(MinimumDeviation, nameof(MinimumDeviation));
        if (!(AlertThreshold > 0 && AlertThreshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(AlertThreshold), AlertThreshold, "The alert threshold is a log-likelihood in (0, 1].");
        }
    }
}
