namespace StreamRnn.Evaluation;

/// <summary>
/// NAB v1.1's scoring rules for one data file (see <c>shared/nab/SCORING.md</c>): maps the file's windows to
/// row ranges once, then scores any set of alerts for any <see cref="NabProfile"/>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Probation: the first <see cref="GetProbationLength"/> rows are not scored: an alert there neither earns
/// nor costs anything.</item>
/// <item>A window covers the rows whose timestamps lie in [start, end], both ends inclusive: from the first row
/// (after the previous window) stamped at or after its start, up to the row before the next one stamped after its
/// end. Windows must be in time order and must not overlap, and each must cover at least one row. NAB matches
/// the edges exactly (<c>timestamps.index(end)</c>) and so needs both edges to be row timestamps; here they need
/// not be. The two agree wherever the edges are row timestamps that occur once, as in every window of the corpus
/// in <c>shared/nab</c> (whose files repeat or step back a timestamp in places, away from the windows); where a
/// row timestamp repeats at the end of a window, NAB stops at its first occurrence and this takes them all.</item>
/// <item>A window partly inside probation is scored: it is worth its earliest alert after probation, at that
/// row's position in the whole window (whose width counts the probation rows too), and costs <c>-A_FN</c> if it
/// has none. A window entirely inside probation is not scored at all (neither TP nor FN), because NAB's sweeper
/// only counts windows that have a scorable row; it still counts as the "previous window" for the
/// false positives after it, as in NAB.</item>
/// <item>A row inside window <c>l..r</c> (width <c>w</c>) is worth <c>A_TP · S(p)/S(-1)</c>,
/// <c>p = -(r - i + 1)/w</c>; only the earliest alerted row of a window counts.</item>
/// <item>An alerted row outside every window adds <c>A_FP · S(d)</c>, <c>d = (i - r_prev)/(w_prev - 1)</c>
/// for the previous window <c>r_prev</c>, <c>w_prev</c>; before the first window it adds <c>-A_FP</c>
/// (NAB's <c>S = -1</c>). After a window one row wide, <c>w_prev - 1 = 0</c> (NAB itself divides by zero
/// there and fails): the row is taken as far from the window, <c>S = -1</c>, the full <c>-A_FP</c>.</item>
/// </list>
/// </remarks>
public sealed class NabScorer
{
    /// <summary>The fraction of a file's rows in probation.</summary>
    public const double ProbationFraction = 0.15;

    /// <summary>The most rows in probation (<c>0.15 · 5000</c>).</summary>
    public const int MaxProbationLength = 750;

    /// <summary>Beyond this relative position the scaled sigmoid is exactly -1.</summary>
    public const double FarPosition = 3.0;

    private static readonly double MaxTruePositive = ScaledSigmoid(-1.0);

    private readonly NabWindowRows[] _windowRows;
    private readonly int[] _rowWindow;
    private readonly double[] _rowUnit;

    /// <summary>Maps <paramref name="windows"/> to rows of a file with the given row timestamps.</summary>
    /// <param name="timestamps">The file's row timestamps, in file order.</param>
    /// <param name="windows">The file's labelled windows, in time order.</param>
    /// <param name="key">Names the file in results and errors.</param>
    /// <exception cref="ArgumentException">Windows out of order or overlapping, or a window that covers no row.</exception>
    public NabScorer(IReadOnlyList<DateTime> timestamps, IReadOnlyList<NabWindow> windows, string key = "")
    {
        ArgumentNullException.ThrowIfNull(timestamps);
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(key);

        Key = key;
        RowCount = timestamps.Count;
        ProbationLength = GetProbationLength(RowCount);

        _windowRows = MapWindows(timestamps, windows, key);
        ScoredWindowCount = _windowRows.Count(rows => rows.Last >= ProbationLength);
        (_rowWindow, _rowUnit) = LayOutRows(RowCount, _windowRows);
    }

    /// <summary>The file's name in results.</summary>
    public string Key { get; }

    /// <summary>The number of rows in the file.</summary>
    public int RowCount { get; }

    /// <summary>The number of leading rows that are not scored.</summary>
    public int ProbationLength { get; }

    /// <summary>The rows each window covers, in the windows' order.</summary>
    public IReadOnlyList<NabWindowRows> WindowRows => _windowRows;

    /// <summary>The windows that have at least one row after probation: those that count as TP or FN.</summary>
    public int ScoredWindowCount { get; }

    internal ReadOnlySpan<int> RowWindows => _rowWindow;

    internal ReadOnlySpan<double> RowUnits => _rowUnit;

    /// <summary>NAB's scaled sigmoid: <c>S(p) = 2/(1 + e^(5p)) - 1</c>, and exactly -1 for <c>p &gt; 3</c>.</summary>
    public static double ScaledSigmoid(double position) =>
        position > FarPosition ? -1.0 : (2.0 / (1.0 + Math.Exp(5.0 * position))) - 1.0;

    /// <summary>The probation length of a file of <paramref name="rowCount"/> rows: <c>min(floor(0.15 n), 750)</c>.</summary>
    public static int GetProbationLength(int rowCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        return Math.Min((int)Math.Floor(ProbationFraction * rowCount), MaxProbationLength);
    }

    /// <summary>
    /// What an alert at <paramref name="row"/> alone would add (NAB's per-row "sweep score"): inside a window
    /// <c>A_TP · S(p)/S(-1)</c>, outside <c>A_FP · S(d)</c>; zero in probation.
    /// </summary>
    public double RowScore(int row, NabProfile profile)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, RowCount);
        ArgumentNullException.ThrowIfNull(profile);
        if (row < ProbationLength)
        {
            return 0.0;
        }

        return _rowWindow[row] >= 0
            ? profile.TruePositiveWeight * _rowUnit[row]
            : profile.FalsePositiveWeight * _rowUnit[row];
    }

    /// <summary>Scores the file with an alert on every row where <paramref name="alerts"/> is true.</summary>
    /// <exception cref="ArgumentException"><paramref name="alerts"/> does not have one entry per row.</exception>
    public NabFileScore Score(ReadOnlySpan<bool> alerts, NabProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (alerts.Length != RowCount)
        {
            throw new ArgumentException($"'{Key}': {alerts.Length} alerts for {RowCount} rows.", nameof(alerts));
        }

        var tally = new Tally(_windowRows.Length);
        for (var i = ProbationLength; i < RowCount; i++)
        {
            if (alerts[i])
            {
                tally.Add(_rowWindow[i], _rowUnit[i]);
            }
        }

        return tally.ToScore(this, profile);
    }

    /// <summary>Scores the file with an alert on every row whose score is at or above <paramref name="threshold"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="scores"/> does not have one entry per row.</exception>
    public NabFileScore Score(ReadOnlySpan<double> scores, double threshold, NabProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (scores.Length != RowCount)
        {
            throw new ArgumentException($"'{Key}': {scores.Length} scores for {RowCount} rows.", nameof(scores));
        }

        var tally = new Tally(_windowRows.Length);
        for (var i = ProbationLength; i < RowCount; i++)
        {
            if (scores[i] >= threshold)
            {
                tally.Add(_rowWindow[i], _rowUnit[i]);
            }
        }

        return tally.ToScore(this, profile);
    }

    private static NabWindowRows[] MapWindows(IReadOnlyList<DateTime> timestamps, IReadOnlyList<NabWindow> windows, string key)
    {
        // One forward scan, as NAB's sweeper walks the rows: row timestamps need not increase.
        var rows = new NabWindowRows[windows.Count];
        var cursor = 0;
        for (var k = 0; k < windows.Count; k++)
        {
            var window = windows[k];
            if (k > 0 && window.Start <= windows[k - 1].End)
            {
                throw new ArgumentException(
                    $"'{key}': window {k} [{window.Start:O}, {window.End:O}] does not start after window {k - 1} ends; windows must be in time order and must not overlap.",
                    nameof(windows));
            }

            var first = cursor;
            while (first < timestamps.Count && timestamps[first] < window.Start)
            {
                first++;
            }

            if (first == timestamps.Count || timestamps[first] > window.End)
            {
                throw new ArgumentException(
                    $"'{key}': window {k} [{window.Start:O}, {window.End:O}] covers no row.", nameof(windows));
            }

            var last = first;
            while (last + 1 < timestamps.Count && timestamps[last + 1] <= window.End)
            {
                last++;
            }

            rows[k] = new NabWindowRows(first, last);
            cursor = last + 1;
        }

        return rows;
    }

    private static (int[] RowWindow, double[] RowUnit) LayOutRows(int rowCount, NabWindowRows[] windows)
    {
        var rowWindow = new int[rowCount];
        var rowUnit = new double[rowCount];
        var cursor = 0;
        NabWindowRows? previous = null;
        for (var k = 0; k < windows.Length; k++)
        {
            var window = windows[k];
            FillOutside(rowWindow, rowUnit, cursor, window.First, previous);
            for (var i = window.First; i <= window.Last; i++)
            {
                rowWindow[i] = k;
                var position = -(window.Last - i + 1) / (double)window.Width;
                rowUnit[i] = ScaledSigmoid(position) / MaxTruePositive;
            }

            previous = window;
            cursor = window.Last + 1;
        }

        FillOutside(rowWindow, rowUnit, cursor, rowCount, previous);
        return (rowWindow, rowUnit);
    }

    private static void FillOutside(int[] rowWindow, double[] rowUnit, int from, int to, NabWindowRows? previous)
    {
        for (var i = from; i < to; i++)
        {
            rowWindow[i] = -1;
            rowUnit[i] = previous is { Width: > 1 } window
                ? ScaledSigmoid((i - window.Last) / (double)(window.Width - 1))
                : -1.0;
        }
    }

    private struct Tally(int windowCount)
    {
        private readonly bool[] _detected = new bool[windowCount];
        private int _truePositiveWindows;
        private int _falsePositiveRows;
        private double _truePositiveUnits;
        private double _falsePositiveUnits;

        public void Add(int window, double unit)
        {
            if (window < 0)
            {
                _falsePositiveRows++;
                _falsePositiveUnits += unit;
            }
            else if (!_detected[window])
            {
                // Rows are visited in order and a window's value falls from left to right,
                // so the first alert seen in a window is its earliest and best; later ones add nothing.
                _detected[window] = true;
                _truePositiveWindows++;
                _truePositiveUnits += unit;
            }
        }

        public readonly NabFileScore ToScore(NabScorer scorer, NabProfile profile)
        {
            var falseNegativeWindows = scorer.ScoredWindowCount - _truePositiveWindows;
            var truePositiveScore = profile.TruePositiveWeight * _truePositiveUnits;
            var falseNegativeScore = 0.0 - (profile.FalseNegativeWeight * falseNegativeWindows);
            var falsePositiveScore = profile.FalsePositiveWeight * _falsePositiveUnits;
            return new NabFileScore(
                scorer.Key,
                truePositiveScore + falseNegativeScore + falsePositiveScore,
                _truePositiveWindows,
                falseNegativeWindows,
                _falsePositiveRows,
                truePositiveScore,
                falseNegativeScore,
                falsePositiveScore);
        }
    }
}
