namespace StreamRnn.Scoring;

/// <summary>
/// Parameters of <see cref="AnomalyLikelihood"/>. The defaults work untuned on forecast errors in any unit:
/// every threshold is relative to the sensor's own error distribution.
/// </summary>
public sealed record AnomalyLikelihoodSettings
{
    private const int DefaultShortWindow = 10;
    private const int DefaultMemory = 2_000;
    private const int DefaultLearningPeriod = 300;
    private const int DefaultProbationPeriod = 50;
    private const double DefaultMinimumRelativeDeviation = 0.1;
    private const double DefaultMinimumDeviation = 1e-12;
    private const double DefaultAlertThreshold = 0.9;

    /// <summary>The settings with every default.</summary>
    public static AnomalyLikelihoodSettings Default { get; } = new();

    /// <summary>Errors in the short-term average (Numenta's averaging window). Default 10.</summary>
    public int ShortWindow { get; init; } = DefaultShortWindow;

    /// <summary>
    /// Short-term averages the long-term distribution remembers: exact mean and variance of the first
    /// <see cref="Memory"/>, then an exponentially weighted average with weight 1/<see cref="Memory"/>
    /// (<see cref="RunningMoments"/>). Stands in for Numenta's historic window. Default 2,000.
    /// </summary>
    public int Memory { get; init; } = DefaultMemory;

    /// <summary>Readings, from a new state, during which the likelihood is 0.5 and nothing alerts. Default 300; more than <see cref="ShortWindow"/>.</summary>
    public int LearningPeriod { get; init; } = DefaultLearningPeriod;

    /// <summary>
    /// Readings after <see cref="AnomalyLikelihood.StartProbation"/> (a model switch) during which the
    /// likelihood is 0.5 and nothing alerts, and the weight the old distribution keeps as a prior, in
    /// readings. Default 50; at least <see cref="ShortWindow"/>.
    /// </summary>
    public int ProbationPeriod { get; init; } = DefaultProbationPeriod;

    /// <summary>The standard deviation of short-term averages is never taken below this fraction of their mean. Default 0.1.</summary>
    public double MinimumRelativeDeviation { get; init; } = DefaultMinimumRelativeDeviation;

    /// <summary>The standard deviation of short-term averages is never taken below this, in the errors' unit. Default 1e-12; more than 0.</summary>
    public double MinimumDeviation { get; init; } = DefaultMinimumDeviation;

    /// <summary>
    /// A reading alerts when its <see cref="AnomalyLikelihoodResult.LogLikelihood"/> is at or above this.
    /// Default 0.9: a tail probability of 9e-10, the short-term average about 6.0 standard deviations above
    /// its mean. Numenta's 0.5 (a tail of 1e-5) is too low here: the average of absolute errors has a heavier
    /// right tail than the fitted normal, and in seeded runs of 10,000 stationary readings of |Gaussian|
    /// errors it was reached in 47 % of runs, 0.9 in 0.1 %. Errors with heavier tails than Gaussian reach it
    /// more often (|Laplace| errors: 8 % of such runs).
    /// </summary>
    public double AlertThreshold { get; init; } = DefaultAlertThreshold;

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
