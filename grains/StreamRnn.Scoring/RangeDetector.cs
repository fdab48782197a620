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

    /// <summary>
    /// Why <paramref name="value"/> is out of range: it against the configured limits, the one it crossed as
    /// <see cref="AlertEvidence.Limit"/>. A value flagged only for lying far outside the sensor's learnt range
    /// (<see cref="OnlineNormalizer.Bound"/>) has that bound, <paramref name="scoredAs"/>, as its limit.
    /// </summary>
    public static AlertEvidence Evidence(double value, double scoredAs, RangeDetectorSettings limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        double? crossed = value < limits.Min ? limits.Min : value > limits.Max ? limits.Max : scoredAs != value ? scoredAs : null;
        var lower = limits.Min ?? (scoredAs > value ? scoredAs : null);
        var upper = limits.Max ?? (scoredAs < value ? scoredAs : null);
        return new AlertEvidence(AlertEvidence.ValueMeasure, value, lower, upper) { Limit = crossed };
    }
}
