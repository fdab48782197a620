namespace StreamRnn.Scoring;

/// <summary>Per-sensor limits for <see cref="RangeDetector"/>, both inclusive; null leaves that side unbounded.</summary>
/// <param name="Min">The lowest valid value, or null.</param>
/// <param name="Max">The highest valid value, or null.</param>
public sealed record RangeDetectorSettings(double? Min = null, double? Max = null)
{
    /// <summary>No limits: <see cref="RangeDetector.IsOutOfRange"/> never fires.</summary>
    public static RangeDetectorSettings Unbounded { get; } = new();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a NaN limit or <see cref="Min"/> above <see cref="Max"/>.</summary>
    public void Validate()
    {
        if (Min is { } min && double.IsNaN(min))
        {
            throw new ArgumentOutOfRangeException(nameof(Min), min, "A limit cannot be NaN.");
        }

        if (Max is { } max && double.IsNaN(max))
        {
            throw new ArgumentOutOfRangeException(nameof(Max), max, "A limit cannot be NaN.");
        }

        if (Min > Max)
        {
            throw new ArgumentOutOfRangeException(nameof(Min), Min, "The minimum is above the maximum.");
        }
    }
}
