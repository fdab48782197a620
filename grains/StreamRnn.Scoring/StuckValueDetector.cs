namespace StreamRnn.Scoring;

/// <summary>
/// Flatline / stuck value: the same value, exactly, for <c>threshold</c> readings in a row from a sensor
/// whose readings varied before. Pure function of the run length, so grain state holds one number.
/// </summary>
public static class StuckValueDetector
{
    /// <summary>Values this close, relative to their magnitude (at least 1), count as equal: float noise in a stuck value's encoding.</summary>
    private const double SameValueTolerance = 1e-12;

    /// <summary>The run length after <paramref name="value"/>: readings in a row equal to the previous one.</summary>
    public static int NextRunLength(int runLength, double? previous, double value) =>
        previous is { } last && (last == value || Math.Abs(last - value) <= SameValueTolerance * Math.Max(1, Math.Abs(value)))
            ? runLength + 1
            : 0;

    /// <summary>Whether a run of <paramref name="runLength"/> repeats is a stuck sensor.</summary>
    public static bool IsStuck(int runLength, int threshold, RunningMoments moments) =>
        runLength >= threshold && moments.Count > threshold && moments.Variance > 0;
}
