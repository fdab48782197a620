using System.Globalization;

namespace StreamRnn.Chaos;

/// <summary>Durations on the command line: <c>10s</c>, <c>500ms</c>, <c>2m</c>, a plain number of seconds, or a TimeSpan (<c>00:00:10</c>).</summary>
internal static class DurationParser
{
    public static TimeSpan? Parse(string text)
    {
        text = text.Trim();
        var (number, unit) = text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? (text[..^2], 0.001)
            : text.EndsWith('s') || text.EndsWith('S') ? (text[..^1], 1.0)
            : text.EndsWith('m') || text.EndsWith('M') ? (text[..^1], 60.0)
            : (text, 1.0);
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return TimeSpan.FromSeconds(value * unit);
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) ? span : null;
    }
}
