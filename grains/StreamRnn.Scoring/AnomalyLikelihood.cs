namespace StreamRnn.Scoring;

/// <summary>
/// Numenta-style anomaly likelihood over forecast errors (Ahmad et al., "Unsupervised real-time anomaly
/// detection for streaming data", 2017; nupic <c>anomaly_likelihood.py</c>). Each absolute error joins a
/// short window of the last <see cref="AnomalyLikelihoodSettings.ShortWindow"/> errors; a normal
/// distribution (mean μ, standard deviation σ, floored) is fitted to the long-term history of that
/// window's average; the likelihood is 1 − Q((m − μ) / σ), where m is the current window average and Q
/// the standard normal upper tail. Functions over <see cref="AnomalyLikelihoodState"/>: <see cref="Update"/> pure,
/// <see cref="Advance"/> in place.
/// </summary>
/// <remarks>
/// <para>Where it differs from Numenta:</para>
/// <list type="bullet">
/// <item>The history is <see cref="RunningMoments"/> (exact, then exponentially weighted with memory
/// <see cref="AnomalyLikelihoodSettings.Memory"/>), updated on every reading, instead of a stored window
/// re-fitted every 100 records, so the state stays a few numbers.</item>
/// <item>The tail is one-sided: Numenta mirrors averages below the mean, so unusually small errors
/// score high too; here a better-than-usual forecast has a likelihood below 0.5 and never alerts.</item>
/// <item>Once learnt, window averages enter the history winsorised at μ + 4σ, so one failure does not
/// teach the scorer that failures are normal.</item>
/// <item>Numenta's red-zone filter (a second consecutive red likelihood reported as yellow) is left to
/// <see cref="AlertDebouncer"/>.</item>
/// </list>
/// <para>Averages are learnt only from full windows. During the first
/// <see cref="AnomalyLikelihoodSettings.LearningPeriod"/> readings, and during a probation after
/// <see cref="StartProbation"/>, the likelihood is reported as 0.5 and nothing alerts.</para>
/// </remarks>
public static class AnomalyLikelihood
{
    private const double WinsorizeAt = 4;

    /// <summary>
    /// A new model whose errors on the same recent readings are within this factor of the old model's (either way) errs
    /// like it: <see cref="Switch"/> lets it take over with no probation and the error distribution kept whole. Further
    /// apart, the models differ in more than noise, and a probation starts with the distribution kept only as a prior.
    /// Set once, not varied: a quarter either way.
    /// </summary>
    public const double SimilarErrorRatio = 1.25;

    /// <summary>The likelihood reported while learning or on probation: no evidence either way.</summary>
    private const double Neutral = 0.5;

    /// <summary>Numenta's log scale: log(<see cref="LogScaleOffset"/> − l) / log(1 − <see cref="LogScaleTop"/>), so 1 − 1e-10 maps to 1.</summary>
    private const double LogScaleOffset = 1.0000000001;
    private const double LogScaleTop = 0.9999999999;

    /// <summary>
    /// Scores one forecast error (its sign is dropped) and returns the result and the next state; <paramref name="state"/>
    /// stays as it was. Throws <see cref="ArgumentOutOfRangeException"/> for a NaN or infinite error.
    /// </summary>
    public static (AnomalyLikelihoodResult Result, AnomalyLikelihoodState Next) Update(AnomalyLikelihoodState state, double error, AnomalyLikelihoodSettings settings)
    {
        ArgumentNullException.ThrowIfNull(state);
        var next = state.Copy();
        return (Advance(next, error, settings), next);
    }

    /// <summary>
    /// Scores one forecast error (its size: its sign is dropped) and moves <paramref name="state"/> on, in place: what a
    /// scorer that owns its state calls for every reading (no allocation once the short window is full). With
    /// <paramref name="keepSign"/> the window keeps the error with its sign, so that the parts above and below the forecast
    /// can be judged from it too (<see cref="AdvanceOnAverage"/>); the average judged here is of the sizes either way.
    /// Throws <see cref="ArgumentOutOfRangeException"/> for a NaN or infinite error, leaving the state unchanged.
    /// </summary>
    public static AnomalyLikelihoodResult Advance(AnomalyLikelihoodState state, double error, AnomalyLikelihoodSettings settings, bool keepSign = false)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(settings);
        if (!double.IsFinite(error))
        {
            throw new ArgumentOutOfRangeException(nameof(error), error, "A forecast error must be finite.");
        }

        var window = state.Append(SinglePrecision.Of(keepSign ? error : Math.Abs(error)), settings.ShortWindow);
        return AdvanceOnAverage(state, Average(window), window.Length == settings.ShortWindow, settings);
    }

    /// <summary>
    /// As <see cref="Advance"/>, for a state whose window of errors is kept elsewhere (its own stays empty):
    /// <paramref name="average"/> is the short-term average of that window, this reading's error included, and
    /// <paramref name="full"/> says whether it holds <see cref="AnomalyLikelihoodSettings.ShortWindow"/> errors. A scorer
    /// judges the parts of its forecast errors above and below the forecast this way, from the signs of the one window of
    /// their sizes it keeps, rather than with a window of each.
    /// </summary>
    public static AnomalyLikelihoodResult AdvanceOnAverage(AnomalyLikelihoodState state, double average, bool full, AnomalyLikelihoodSettings settings)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(settings);
        if (!(average >= 0) || double.IsInfinity(average))
        {
            throw new ArgumentOutOfRangeException(nameof(average), average, "An average of error sizes is finite and not negative.");
        }

        var learningBefore = state.Readings < settings.LearningPeriod || state.ProbationRemaining > 0;
        var moments = state.Averages;
        var learning = learningBefore || !full || moments.Count < 2;

        var result = new AnomalyLikelihoodResult(Neutral, LogLikelihood(Neutral), false, true);
        var learnt = average;
        if (!learning)
        {
            var deviation = Deviation(moments, settings);
            var standardScore = (average - moments.Mean) / deviation;
            var likelihood = 1 - StandardNormal.UpperTail(standardScore);
            var logLikelihood = LogLikelihood(likelihood);
            result = new AnomalyLikelihoodResult(likelihood, logLikelihood, logLikelihood >= settings.AlertThreshold, false, standardScore, average, moments.Mean, deviation);
            learnt = Math.Min(average, moments.Mean + WinsorizeAt * deviation);
        }

        state.Counted(full ? moments.Add(learnt, settings.Memory) : moments);
        return result;
    }

    /// <summary>
    /// Starts a probation, for a model switch: for the next <see cref="AnomalyLikelihoodSettings.ProbationPeriod"/>
    /// readings the likelihood is 0.5 and nothing alerts, and the short window is emptied (those errors were the old
    /// model's). What the long-term distribution keeps depends on what is known of the new model's errors,
    /// <paramref name="errorRatio"/> r (the new model's mean error over the old one's on the same recent readings,
    /// <see cref="ModelErrorComparison"/>):
    /// <list type="bullet">
    /// <item>r within <see cref="SimilarErrorRatio"/> of 1: the new model errs as the old one did, and the distribution
    /// is kept whole and as it is, so the sensor stays as sensitive as it was (not widened by r either: r wobbles about 1,
    /// and switches every few readings would compound it).</item>
    /// <item>r above: a worse model; the distribution is widened by r (mean × r, deviation × r), so it is judged on its
    /// own scale at once, and kept only as a prior worth <see cref="AnomalyLikelihoodSettings.ProbationPeriod"/>
    /// readings, so it follows the new model's errors with weight 1/n.</item>
    /// <item>r below, or not given (too few readings to compare on): the distribution is kept only as a prior, as it is.
    /// A better model's is never narrowed: r comes from a few dozen recent readings, and a model that errs less on them
    /// may err more in another phase of a daily cycle (on NAB's clean daily series, narrowing raised false positives at
    /// every switch). After the probation it sits about halfway to the new model's errors, with a spread that covers
    /// both.</item>
    /// </list>
    /// Either way a worse model raises no alert and a later failure does. The learning period, if not over, still runs.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="errorRatio"/> is not a positive finite number.</exception>
    public static AnomalyLikelihoodState StartProbation(AnomalyLikelihoodState state, AnomalyLikelihoodSettings settings, double? errorRatio = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(settings);
        if (errorRatio is { } given)
        {
            SettingsGuard.ThrowIfNotPositiveFinite(given, nameof(errorRatio));
        }

        var averages = state.Averages;
        if (errorRatio is { } worse && worse > SimilarErrorRatio)
        {
            averages = averages with { Mean = averages.Mean * worse, Variance = averages.Variance * worse * worse };
        }

        if (!ErrsAlike(errorRatio))
        {
            averages = averages with { Count = Math.Min(averages.Count, settings.ProbationPeriod) };
        }

        return new AnomalyLikelihoodState(state.Readings, averages, [], settings.ProbationPeriod);
    }

    /// <summary>
    /// After a model switch: a new model that errs as the old one did (<paramref name="errorRatio"/> within
    /// <see cref="SimilarErrorRatio"/> of 1) takes over the state with no probation, the distribution kept whole and as
    /// it is, and the short window refilled with <paramref name="newErrors"/>, the new model's errors on the last
    /// readings (the last <see cref="AnomalyLikelihoodSettings.ShortWindow"/> kept, their signs dropped unless
    /// <paramref name="keepSigns"/>, as <see cref="Advance"/>'s <c>keepSign</c>); any other starts a probation
    /// (<see cref="StartProbation"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="errorRatio"/> is not a positive finite number.</exception>
    public static AnomalyLikelihoodState Switch(AnomalyLikelihoodState state, AnomalyLikelihoodSettings settings, double errorRatio, ReadOnlySpan<double> newErrors, bool keepSigns = false)
    {
        var switched = SwitchWithoutWindow(state, settings, errorRatio, !newErrors.IsEmpty);
        if (switched.ProbationRemaining > 0)
        {
            return switched;
        }

        var kept = newErrors[Math.Max(0, newErrors.Length - settings.ShortWindow)..];
        var recent = new float[kept.Length];
        for (var i = 0; i < kept.Length; i++)
        {
            recent[i] = SinglePrecision.Of(keepSigns ? kept[i] : Math.Abs(kept[i]));
        }

        return new AnomalyLikelihoodState(switched.Readings, switched.Averages, recent, 0);
    }

    /// <summary>
    /// <see cref="Switch"/> for a state whose window is kept elsewhere (<see cref="AdvanceOnAverage"/>): the same decision,
    /// taken on the same <paramref name="errorRatio"/> and on whether the new model's errors are known
    /// (<paramref name="newErrorsKnown"/>), its own window left empty; whoever keeps the window refills it. A probation is
    /// the only outcome with <see cref="AnomalyLikelihoodState.ProbationRemaining"/> above 0 (a probation is at least
    /// <see cref="AnomalyLikelihoodSettings.ShortWindow"/> readings).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="errorRatio"/> is not a positive finite number.</exception>
    public static AnomalyLikelihoodState SwitchWithoutWindow(AnomalyLikelihoodState state, AnomalyLikelihoodSettings settings, double errorRatio, bool newErrorsKnown)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(settings);
        SettingsGuard.ThrowIfNotPositiveFinite(errorRatio, nameof(errorRatio));
        return !ErrsAlike(errorRatio) || !newErrorsKnown
            ? StartProbation(state, settings, errorRatio)
            : new AnomalyLikelihoodState(state.Readings, state.Averages, [], 0);
    }

    private static bool ErrsAlike(double? errorRatio) =>
        errorRatio is { } ratio && ratio <= SimilarErrorRatio && ratio >= 1 / SimilarErrorRatio;

    /// <summary>
    /// Numenta's log scale for thresholding: log(1.0000000001 − l) / log(1 − 0.9999999999), clamped to
    /// [0, 1]. 0.5 maps to about 0.03, 0.99999 to 0.5, 1 − 9e-10 to 0.9, and 1 to 1.
    /// </summary>
    public static double LogLikelihood(double likelihood) =>
        Math.Clamp(Math.Log(LogScaleOffset - likelihood) / Math.Log(1 - LogScaleTop), 0, 1);

    private static double Deviation(RunningMoments moments, AnomalyLikelihoodSettings settings) =>
        moments.StandardDeviation(Math.Max(settings.MinimumDeviation, settings.MinimumRelativeDeviation * Math.Abs(moments.Mean)));

    /// <summary>The mean size of <paramref name="values"/> (a window of sizes, or of signed errors).</summary>
    private static double Average(float[] values)
    {
        var sum = 0.0;
        foreach (var value in values)
        {
            sum += Math.Abs(value);
        }

        return sum / values.Length;
    }
}
