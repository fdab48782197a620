namespace StreamRnn.Scoring;

/// <summary>
/// The state of <see cref="AnomalyLikelihood"/>, bounded whatever the stream's length: plain numbers and one short array
/// (of errors in single precision: a sensor holds two such windows, its model's errors with their signs and its seasonal
/// distances, and one a channel; its one-sided likelihoods keep none, <see cref="AnomalyLikelihood.AdvanceOnAverage"/>),
/// so a scorer can persist it field by field. <see cref="AnomalyLikelihood.Advance"/> changes it in place (a scorer owns
/// its states: an update allocates nothing once the window is full); <see cref="AnomalyLikelihood.Update"/> leaves it as
/// it was and returns a changed copy.
/// </summary>
public sealed class AnomalyLikelihoodState
{
    /// <param name="readings">Errors seen since the state was created (the learning period counts these).</param>
    /// <param name="averages">Long-term moments of the short-term averages (winsorised once learnt).</param>
    /// <param name="recent">The last errors, oldest first, at most <see cref="AnomalyLikelihoodSettings.ShortWindow"/>; emptied by a probation. The state keeps this array.</param>
    /// <param name="probationRemaining">Readings left in the probation after a model switch; 0 when none.</param>
    public AnomalyLikelihoodState(long readings, RunningMoments averages, float[] recent, int probationRemaining)
    {
        ArgumentNullException.ThrowIfNull(recent);
        Readings = readings;
        Averages = averages;
        Recent = recent;
        ProbationRemaining = probationRemaining;
    }

    /// <summary>A new state for a sensor that has seen no error yet (a new one each time: states change in place).</summary>
    public static AnomalyLikelihoodState Empty => new(0, default, [], 0);

    /// <summary>Errors seen since the state was created (the learning period counts these).</summary>
    public long Readings { get; private set; }

    /// <summary>Long-term moments of the short-term averages (winsorised once learnt).</summary>
    public RunningMoments Averages { get; private set; }

    /// <summary>The last errors, oldest first, at most <see cref="AnomalyLikelihoodSettings.ShortWindow"/>; emptied by a probation.</summary>
    public float[] Recent { get; private set; }

    /// <summary>Readings left in the probation after a model switch; 0 when none.</summary>
    public int ProbationRemaining { get; private set; }

    /// <summary>This state with an empty window: for a likelihood judged on a window kept elsewhere (<see cref="AnomalyLikelihood.AdvanceOnAverage"/>).</summary>
    internal AnomalyLikelihoodState WithoutWindow() => new(Readings, Averages, [], ProbationRemaining);

    /// <summary>A copy that shares nothing with this state.</summary>
    public AnomalyLikelihoodState Copy() => new(Readings, Averages, [.. Recent], ProbationRemaining);

    /// <summary>
    /// Appends <paramref name="error"/> to the window of the last <paramref name="capacity"/> errors (in place once it is
    /// full: the oldest is shifted out) and returns it.
    /// </summary>
    internal float[] Append(float error, int capacity)
    {
        var recent = Recent;
        if (recent.Length == capacity)
        {
            Array.Copy(recent, 1, recent, 0, capacity - 1);
            recent[capacity - 1] = error;
            return recent;
        }

        var kept = Math.Min(recent.Length, capacity - 1);
        var window = new float[kept + 1];
        Array.Copy(recent, recent.Length - kept, window, 0, kept);
        window[kept] = error;
        Recent = window;
        return window;
    }

    /// <summary>Counts the reading and moves the long-term moments and the probation on.</summary>
    internal void Counted(RunningMoments averages)
    {
        Readings++;
        Averages = averages;
        ProbationRemaining = Math.Max(0, ProbationRemaining - 1);
    }
}
