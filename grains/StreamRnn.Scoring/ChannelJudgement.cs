namespace StreamRnn.Scoring;

/// <summary>What <see cref="ChannelRelations.Judge"/> says of one channel of one reading.</summary>
/// <param name="Surprise">The surprise of the channel's short-term average residual, z / (z + scale), in [0, 1); 0 while learning.</param>
/// <param name="Predicted">The value predicted from the other channels and the channel's own previous reading, normalised (the channel's standard deviations from its mean).</param>
/// <param name="Residual">The normalised reading minus <paramref name="Predicted"/>.</param>
/// <param name="Likelihood">The channel's likelihood of that residual (<see cref="AnomalyLikelihoodResult.Learning"/> while it learns).</param>
public readonly record struct ChannelJudgement(double Surprise, double Predicted, double Residual, AnomalyLikelihoodResult Likelihood);
