namespace StreamRnn.Scoring;

/// <summary>The state of <see cref="ForecastErrorScorer"/>: the running moments of single errors and the last errors (winsorised).</summary>
public sealed record ForecastErrorState(RunningMoments ErrorMoments, double[] Recent)
{
    /// <summary>The state of a sensor that has seen no error yet.</summary>
    public static ForecastErrorState Empty { get; } = new(default, []);
}
