namespace StreamRnn.Scoring;

/// <summary>
/// A sensor takes its readings in event-time order: each must be later than the last one it took. One that is not
/// (an older reading arriving late, or a second reading at the same instant) is refused rather than fed to the model
/// as if it came next; the detectors that work on time (rate of change, seasonal profile, dropout) assume it. Pure.
/// </summary>
public static class ReadingOrder
{
    /// <summary>
    /// Splits <paramref name="readings"/> (in arrival order) into those taken, each later than the one before it and
    /// than <paramref name="last"/>, and those refused, with whether each repeats a timestamp (else it is earlier).
    /// </summary>
    public static (List<T> Taken, List<(T Reading, bool Duplicate)> Refused) Split<T>(DateTimeOffset? last, IReadOnlyList<T> readings, Func<T, DateTimeOffset> timestamp)
    {
        ArgumentNullException.ThrowIfNull(readings);
        ArgumentNullException.ThrowIfNull(timestamp);
        var taken = new List<T>(readings.Count);
        var refused = new List<(T, bool)>();
        foreach (var reading in readings)
        {
            var at = timestamp(reading);
            if (last is { } previous && at <= previous)
            {
                refused.Add((reading, at == previous));
                continue;
            }

            taken.Add(reading);
            last = at;
        }

        return (taken, refused);
    }
}
