namespace StreamRnn.Scoring;

/// <summary>
/// The state of <see cref="AnomalyLikelihood"/>, bounded whatever the stream's length: plain numbers and
/// one short array, so a grain can persist it field by field. Treat it as immutable; each update returns a
/// new one.
/// </summary>
/// <param name="Readings">Errors seen since the state was created (the learning period counts these).</param>
/// <param name="Averages">Long-term moments of the short-term averages (winsorised once learnt).</param>
/// <param name="Recent">The last errors, oldest first, at most <see cref="AnomalyLikelihoodSettings.ShortWindow"/>; emptied by a probation.</param>
/// <param name="ProbationRemaining">Readings left in the probation after a model switch; 0 when none.</param>
public sealed record AnomalyLikelihoodState(long Readings, RunningMoments Averages, double[] Recent, int ProbationRemaining)
{
    /// <summary>The state of a sensor that has seen no error yet.</summary>
    public static AnomalyLikelihoodState Empty { get; } = new(0, default, [], 0);
}
