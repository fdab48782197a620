namespace StreamRnn.Scoring;

/// <summary>
/// A first anomaly score over forecast errors. The mean absolute error of the last
/// <see cref="ShortWindow"/> readings is compared with the running distribution of single errors: its z
/// value is (short mean − mean) / (sd / √window), and the score is the normal CDF of that z, in [0, 1].
/// Scores are 0 during a learning period. Errors enter the running distribution winsorised, so one
/// failure does not teach the scorer that failures are normal.
/// </summary>
public static class ForecastErrorScorer
{
    /// <summary>Readings averaged into the short-term error.</summary>
    public const int ShortWindow = 3;

    /// <summary>Readings the running error distribution remembers.</summary>
    public const int Memory = 1_000;

    /// <summary>Errors seen before a score other than 0 is given.</summary>
    public const int LearningPeriod = 100;

    private const double WinsorizeAt = 4;

    /// <summary>The error distribution's standard deviation is never taken below this, so a perfect forecaster's z stays finite.</summary>
    private const double MinimumDeviation = 1e-6;

    /// <summary>Scores one error and returns the scorer's next state.</summary>
    public static (double Score, ForecastErrorState Next) Score(ForecastErrorState state, double absoluteError)
    {
        ArgumentNullException.ThrowIfNull(state);
        var window = new double[Math.Min(state.Recent.Length, ShortWindow - 1) + 1];
        Array.Copy(state.Recent, state.Recent.Length - (window.Length - 1), window, 0, window.Length - 1);
        window[^1] = absoluteError;

        var moments = state.ErrorMoments;
        var score = 0.0;
        var learnt = absoluteError;
        if (moments.Count >= LearningPeriod)
        {
            var deviation = moments.StandardDeviation(MinimumDeviation);
            var z = (Average(window) - moments.Mean) / (deviation / Math.Sqrt(window.Length));
            score = StandardNormal.Cdf(z);
            // Winsorise what is learnt: an anomaly must not widen the distribution it is judged against.
            learnt = Math.Min(absoluteError, moments.Mean + WinsorizeAt * deviation);
        }

        window[^1] = learnt;
        var kept = window.Length < ShortWindow ? window : window[1..];
        return (score, new ForecastErrorState(moments.Add(learnt, Memory), kept));
    }

    private static double Average(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum / values.Length;
    }
}
