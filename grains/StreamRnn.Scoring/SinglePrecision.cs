namespace StreamRnn.Scoring;

/// <summary>
/// Numbers a sensor keeps in four bytes (its seasonal levels and spreads, its likelihood windows of errors): computed in
/// double, rounded once, and held within single precision's range, so that a finite value beyond it (a reading bounded
/// to 1e100, <see cref="OnlineNormalizer.MaxMagnitude"/>) does not become infinite and make the arithmetic NaN for good.
/// </summary>
internal static class SinglePrecision
{
    /// <summary><paramref name="value"/> in four bytes, at the largest magnitude they hold at most.</summary>
    public static float Of(double value) => (float)Math.Clamp(value, float.MinValue, float.MaxValue);
}
