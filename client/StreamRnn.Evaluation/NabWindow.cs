namespace StreamRnn.Evaluation;

/// <summary>A labelled NAB anomaly window: rows whose timestamps lie in [<see cref="Start"/>, <see cref="End"/>], both ends inclusive.</summary>
public readonly record struct NabWindow
{
    /// <summary>Creates a window; <paramref name="end"/> may equal but not precede <paramref name="start"/>.</summary>
    /// <exception cref="ArgumentException">The end precedes the start.</exception>
    public NabWindow(DateTime start, DateTime end)
    {
        if (end < start)
        {
            throw new ArgumentException($"The window's end {end:O} precedes its start {start:O}.", nameof(end));
        }

        Start = start;
        End = end;
    }

    /// <summary>The first timestamp in the window (inclusive).</summary>
    public DateTime Start { get; }

    /// <summary>The last timestamp in the window (inclusive).</summary>
    public DateTime End { get; }

    /// <summary>Whether <paramref name="timestamp"/> lies in the window (both ends inclusive).</summary>
    public bool Contains(DateTime timestamp) => timestamp >= Start && timestamp <= End;
}
