namespace StreamRnn.Evaluation;

/// <summary>
/// NAB's own rule for drawing a file's windows around its anomaly points (NAB's labeler, <c>applyWindows</c>): every
/// window is <c>int(0.1 × rows / anomalies)</c> rows long, centred on its anomaly's row (half of it, rounded down, on
/// each side), cut at the file's ends; windows that overlap are merged. Applied to the NAB corpus's whole files it
/// gives <c>combined_windows.json</c> exactly; applied to a segment of a file it gives the windows NAB would have drawn
/// had the segment been the file.
/// </summary>
public static class NabWindowRule
{
    /// <summary>The fraction of a file's rows its windows take together, before cuts and merges.</summary>
    public const double WindowFraction = 0.1;

    /// <summary>The windows of a file of <paramref name="timestamps"/> with anomalies at <paramref name="anomalyRows"/> (in increasing order).</summary>
    /// <exception cref="ArgumentException">A row is outside the file or the rows are not increasing.</exception>
    public static IReadOnlyList<NabWindow> Draw(IReadOnlyList<DateTime> timestamps, IReadOnlyList<int> anomalyRows)
    {
        ArgumentNullException.ThrowIfNull(timestamps);
        ArgumentNullException.ThrowIfNull(anomalyRows);
        if (anomalyRows.Count == 0)
        {
            return [];
        }

        var rows = timestamps.Count;
        var half = (int)(WindowFraction * rows / anomalyRows.Count) / 2;
        var windows = new List<(int First, int Last)>();
        for (var i = 0; i < anomalyRows.Count; i++)
        {
            var row = anomalyRows[i];
            if (row < 0 || row >= rows || (i > 0 && row <= anomalyRows[i - 1]))
            {
                throw new ArgumentException($"Anomaly row {row} is outside the file's {rows} rows or not after the one before.", nameof(anomalyRows));
            }

            var (first, last) = (Math.Max(row - half, 0), Math.Min(row + half, rows - 1));
            if (windows.Count > 0 && first <= windows[^1].Last)
            {
                windows[^1] = (windows[^1].First, last);
            }
            else
            {
                windows.Add((first, last));
            }
        }

        return [.. windows.Select(window => new NabWindow(timestamps[window.First], timestamps[window.Last]))];
    }
}
