namespace StreamRnn.Scoring;

/// <summary>What <see cref="AnomalyLikelihood.Update"/> says of one error.</summary>
/// <param name="Likelihood">1 − the upper-tail probability of the short-term average error, in [0, 1]; 0.5 while <paramref name="Learning"/>.</param>
/// <param name="LogLikelihood"><see cref="AnomalyLikelihood.LogLikelihood"/> of <paramref name="Likelihood"/>, in [0, 1]: the scale alerts are judged on.</param>
/// <param name="IsAlert">Whether <paramref name="LogLikelihood"/> reached <see cref="AnomalyLikelihoodSettings.AlertThreshold"/>; never during learning or probation.</param>
/// <param name="Learning">Whether the reading fell in the learning period or a probation, so no likelihood was computed.</param>
/// <param name="StandardScore">
/// The short-term average's distance above the long-term mean in (floored) standard deviations, the z behind
/// <paramref name="Likelihood"/>; 0 while <paramref name="Learning"/>. Unlike the likelihood it does not saturate, so it
/// still ranks large deviations against each other.
/// </param>
/// <param name="Average">The short-term average absolute error m, including this one; 0 while <paramref name="Learning"/>.</param>
/// <param name="UsualAverage">The long-term mean μ of that average; 0 while <paramref name="Learning"/>.</param>
/// <param name="Deviation">The long-term (floored) standard deviation σ of that average; 0 while <paramref name="Learning"/>.</param>
public readonly record struct AnomalyLikelihoodResult(
    double Likelihood,
    double LogLikelihood,
    bool IsAlert,
    bool Learning,
    double StandardScore = 0,
    double Average = 0,
    double UsualAverage = 0,
    double Deviation = 0);
