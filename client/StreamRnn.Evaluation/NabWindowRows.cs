namespace StreamRnn.Evaluation;

/// <summary>The rows of one file that a <see cref="NabWindow"/> covers: <see cref="First"/>..<see cref="Last"/>, inclusive.</summary>
/// <param name="First">Index of the first row in the window (NAB's <c>l</c>).</param>
/// <param name="Last">Index of the last row in the window (NAB's <c>r</c>).</param>
public readonly record struct NabWindowRows(int First, int Last)
{
    /// <summary>The window's width in rows, <c>w = r - l + 1</c>.</summary>
    public int Width => Last - First + 1;
}
