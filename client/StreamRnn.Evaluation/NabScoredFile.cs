namespace StreamRnn.Evaluation;

/// <summary>A detector's output for one NAB file: an anomaly score in [0, 1] per row, with the file's rows and windows.</summary>
public sealed class NabScoredFile
{
    private readonly double[] _scores;

    /// <summary>Pairs a file's timestamps and windows with a detector's scores for its rows.</summary>
    /// <exception cref="ArgumentException">The scores do not match the rows, or one is NaN or outside [0, 1].</exception>
    public NabScoredFile(string key, IReadOnlyList<DateTime> timestamps, IReadOnlyList<NabWindow> windows, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(timestamps);
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Count != timestamps.Count)
        {
            throw new ArgumentException($"'{key}': {scores.Count} scores for {timestamps.Count} rows.", nameof(scores));
        }

        _scores = [.. scores];
        for (var i = 0; i < _scores.Length; i++)
        {
            if (!(_scores[i] >= 0.0 && _scores[i] <= 1.0))
            {
                throw new ArgumentException($"'{key}': row {i}'s score {_scores[i]} is not in [0, 1].", nameof(scores));
            }
        }

        Key = key;
        Timestamps = timestamps;
        Windows = windows;
    }

    /// <summary>The file (<c>"realKnownCause/nyc_taxi.csv"</c>).</summary>
    public string Key { get; }

    /// <summary>The file's row timestamps, in file order.</summary>
    public IReadOnlyList<DateTime> Timestamps { get; }

    /// <summary>The file's labelled windows, in time order.</summary>
    public IReadOnlyList<NabWindow> Windows { get; }

    /// <summary>The detector's score for each row, in [0, 1].</summary>
    public IReadOnlyList<double> Scores => _scores;

    internal ReadOnlySpan<double> ScoreSpan => _scores;
}
