namespace StreamRnn.Training;

/// <summary>A contiguous run of steps <c>[Start, End)</c> of one series.</summary>
/// <param name="Start">The first step.</param>
/// <param name="Length">Steps in the run (0 for an empty part).</param>
public readonly record struct SeriesSegment(int Start, int Length)
{
    /// <summary>One past the last step.</summary>
    public int End => Start + Length;
}
