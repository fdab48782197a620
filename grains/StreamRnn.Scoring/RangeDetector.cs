namespace StreamRnn.Scoring;

/// <summary>
/// Out of range: fires when a value is below <see cref="RangeDetectorSettings.Min"/> or above
/// <see cref="RangeDetectorSettings.Max"/> (the limits themselves are in range). With both limits null it
/// never fires. NaN fires when either limit is set (it is within no limits); ±∞ fire against a limit on
/// their side. Stateless and pure.
/// </summary>
public static class RangeDetector
{
    /// <summary>Whether <paramref name="value"/> lies outside <paramref name="limits"/>.</summary>
    public static bool IsOutOfRange(double value, RangeDetectorSettings limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (limits.Min is null && limits.Max is null)
        {
            return false;
        }

        return double.IsNaN(value) || value < limits.Min || value > limits.Max;
    }
}
