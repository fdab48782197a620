namespace StreamRnn.Evaluation;

/// <summary>
/// Scores a detector over a whole NAB corpus: the raw and normalised score for each profile at a given threshold,
/// and the threshold NAB's optimiser would pick.
/// </summary>
/// <remarks>
/// <para>Normalisation: <c>100 · (raw - null) / (perfect - null)</c> with <c>null = -A_FN · W</c> and
/// <c>perfect = A_TP · W</c>, <c>W</c> the scored windows (those with a row after probation). NAB's runner takes
/// the null detector's raw score for <c>null</c> (which counts only scored windows, the same as here) but all
/// labelled windows for <c>perfect</c>; the two differ only when a window lies entirely in probation, where
/// NAB's 100 could not be reached. None of the 58 windows of the corpus in <c>shared/nab</c> does.</para>
/// <para>Optimisation: every scored row of every file is pooled and sorted by score, highest first; lowering the
/// threshold through each distinct score turns its rows on, and the corpus total is updated incrementally (per
/// window, the best alerted row so far; the running false-positive sum). The total is evaluated at every distinct
/// score and at "no alerts" (<see cref="NoAlertsThreshold"/>, NAB's 1.1); the best wins, and on a tie the higher
/// threshold, as NAB's <c>max</c> over its descending sweep does. One sort, then one pass per profile.</para>
/// </remarks>
public sealed class NabEvaluation
{
    /// <summary>The threshold that means "no row alerts" (scores lie in [0, 1]); NAB's sweep starts there too.</summary>
    public const double NoAlertsThreshold = 1.1;

    private readonly NabScoredFile[] _files;
    private readonly NabScorer[] _scorers;

    // The scored rows of all files, sorted by score, highest first: the row's score, its global window (-1
    // outside every window) and its unit value (S(p)/S(-1) inside a window, S(d) outside).
    private readonly double[] _sweepScores;
    private readonly int[] _sweepWindows;
    private readonly double[] _sweepUnits;
    private readonly int _globalWindowCount;

    /// <summary>Prepares a corpus for scoring: maps every file's windows to rows and sorts the scored rows.</summary>
    /// <exception cref="ArgumentException">No file, two files with one key, a file whose windows do not fit its rows, or no scored window at all.</exception>
    public NabEvaluation(IEnumerable<NabScoredFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _files = [.. files];
        if (_files.Length == 0)
        {
            throw new ArgumentException("A NAB evaluation needs at least one file.", nameof(files));
        }

        var duplicate = _files.GroupBy(file => file.Key, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"File '{duplicate.Key}' appears more than once.", nameof(files));
        }

        _scorers = [.. _files.Select(file => new NabScorer(file.Timestamps, file.Windows, file.Key))];
        RowCount = _scorers.Sum(scorer => scorer.RowCount);
        ScoredRowCount = _scorers.Sum(scorer => scorer.RowCount - scorer.ProbationLength);
        WindowCount = _scorers.Sum(scorer => scorer.ScoredWindowCount);
        if (WindowCount == 0)
        {
            throw new ArgumentException(
                "No file has a window after probation, so the normalised NAB score (which divides by perfect - null) is undefined.",
                nameof(files));
        }

        (_sweepScores, _sweepWindows, _sweepUnits, _globalWindowCount) = PrepareSweep(_files, _scorers, ScoredRowCount);
    }

    /// <summary>The files, in the order given.</summary>
    public IReadOnlyList<NabScoredFile> Files => _files;

    /// <summary>Rows over all files.</summary>
    public int RowCount { get; }

    /// <summary>Rows after probation over all files.</summary>
    public int ScoredRowCount { get; }

    /// <summary>Scored windows (with a row after probation) over all files.</summary>
    public int WindowCount { get; }

    /// <summary>The raw score of a detector that never alerts: <c>-A_FN · W</c>.</summary>
    public double NullScore(NabProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return -profile.FalseNegativeWeight * WindowCount;
    }

    /// <summary>The raw score of a detector that alerts at every window's left edge and nowhere else: <c>A_TP · W</c>.</summary>
    public double PerfectScore(NabProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return profile.TruePositiveWeight * WindowCount;
    }

    /// <summary><c>100 · (raw - null) / (perfect - null)</c>.</summary>
    public double Normalise(NabProfile profile, double rawScore)
    {
        var nullScore = NullScore(profile);
        return 100.0 * (rawScore - nullScore) / (PerfectScore(profile) - nullScore);
    }

    /// <summary>The corpus's score for <paramref name="profile"/> when rows at or above <paramref name="threshold"/> alert.</summary>
    public NabThresholdResult ScoreAt(NabProfile profile, double threshold)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (double.IsNaN(threshold))
        {
            throw new ArgumentException("The threshold is NaN.", nameof(threshold));
        }

        var files = new NabFileScore[_files.Length];
        for (var f = 0; f < _files.Length; f++)
        {
            files[f] = _scorers[f].Score(_files[f].ScoreSpan, threshold, profile);
        }

        var raw = files.Sum(file => file.RawScore);
        return new NabThresholdResult(
            threshold,
            raw,
            Normalise(profile, raw),
            files.Sum(file => file.TruePositiveWindows),
            files.Sum(file => file.FalseNegativeWindows),
            files.Sum(file => file.FalsePositiveRows),
            files);
    }

    /// <summary>
    /// The threshold that maximises the corpus's raw score for <paramref name="profile"/>, among every distinct
    /// score of a scored row and <see cref="NoAlertsThreshold"/>, and that raw score (as the sweep summed it).
    /// </summary>
    public (double Threshold, double RawScore) FindOptimalThreshold(NabProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var detected = new bool[_globalWindowCount];
        var best = new double[_globalWindowCount];
        var detectedWindows = 0;
        var truePositiveUnits = 0.0;
        var falsePositiveUnits = 0.0;

        var bestThreshold = NoAlertsThreshold;
        var bestRaw = NullScore(profile);
        var k = 0;
        while (k < _sweepScores.Length)
        {
            var threshold = _sweepScores[k];
            for (; k < _sweepScores.Length && _sweepScores[k] == threshold; k++)
            {
                var window = _sweepWindows[k];
                var unit = _sweepUnits[k];
                if (window < 0)
                {
                    falsePositiveUnits += unit;
                }
                else if (!detected[window])
                {
                    detected[window] = true;
                    best[window] = unit;
                    detectedWindows++;
                    truePositiveUnits += unit;
                }
                else if (unit > best[window])
                {
                    // An earlier row of an already detected window has just turned on: it replaces the later one.
                    truePositiveUnits += unit - best[window];
                    best[window] = unit;
                }
            }

            var raw = (profile.TruePositiveWeight * truePositiveUnits)
                - (profile.FalseNegativeWeight * (WindowCount - detectedWindows))
                + (profile.FalsePositiveWeight * falsePositiveUnits);
            if (raw > bestRaw)
            {
                bestRaw = raw;
                bestThreshold = threshold;
            }
        }

        return (bestThreshold, bestRaw);
    }

    /// <summary>The corpus's score for <paramref name="profile"/> at its optimised threshold.</summary>
    public NabThresholdResult Optimise(NabProfile profile) => ScoreAt(profile, FindOptimalThreshold(profile).Threshold);

    /// <summary>Scores the corpus for each profile at its optimised threshold and at <paramref name="configuredThreshold"/>.</summary>
    /// <param name="configuredThreshold">The threshold an operational system alerts at.</param>
    /// <param name="profiles">The profiles to score; <see cref="NabProfile.All"/> when null.</param>
    public NabEvaluationResult Evaluate(double configuredThreshold, IReadOnlyList<NabProfile>? profiles = null)
    {
        profiles ??= NabProfile.All;
        var results = profiles
            .Select(profile => new NabProfileResult(
                profile,
                NullScore(profile),
                PerfectScore(profile),
                Optimise(profile),
                ScoreAt(profile, configuredThreshold)))
            .ToArray();
        return new NabEvaluationResult(configuredThreshold, _files.Length, RowCount, ScoredRowCount, WindowCount, results);
    }

    private static (double[] Scores, int[] Windows, double[] Units, int GlobalWindowCount) PrepareSweep(
        NabScoredFile[] files, NabScorer[] scorers, int scoredRowCount)
    {
        var keys = new double[scoredRowCount];
        var windows = new int[scoredRowCount];
        var units = new double[scoredRowCount];
        var m = 0;
        var windowOffset = 0;
        for (var f = 0; f < files.Length; f++)
        {
            var scorer = scorers[f];
            var scores = files[f].ScoreSpan;
            var rowWindows = scorer.RowWindows;
            var rowUnits = scorer.RowUnits;
            for (var i = scorer.ProbationLength; i < scorer.RowCount; i++, m++)
            {
                // Negated so that an ascending sort puts the highest score first.
                keys[m] = -scores[i];
                windows[m] = rowWindows[i] < 0 ? -1 : windowOffset + rowWindows[i];
                units[m] = rowUnits[i];
            }

            windowOffset += scorer.WindowRows.Count;
        }

        var order = new int[scoredRowCount];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order);
        var sortedScores = new double[scoredRowCount];
        var sortedWindows = new int[scoredRowCount];
        var sortedUnits = new double[scoredRowCount];
        for (var i = 0; i < order.Length; i++)
        {
            sortedScores[i] = -keys[i];
            sortedWindows[i] = windows[order[i]];
            sortedUnits[i] = units[order[i]];
        }

        return (sortedScores, sortedWindows, sortedUnits, windowOffset);
    }
}
