using System.Globalization;

namespace StreamRnn.Silo.Startup;

/// <summary>Parses durations given on the command line: <c>90s</c>, <c>2m</c>, <c>1h</c>, <c>500ms</c> or <c>00:01:30</c>.</summary>
public static class DurationArgument
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        (string Suffix, double Seconds)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];
        foreach (var (suffix, seconds) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var count)
                && count > 0 && !double.IsInfinity(count))
            {
                duration = TimeSpan.FromSeconds(count * seconds);
                return true;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero;
    }

    /// <summary>Removes <c>--run-for &lt;duration&gt;</c> from <paramref name="args"/>; fails with a message naming it when invalid.</summary>
    public static (string[] Remaining, TimeSpan? RunFor) ExtractRunFor(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var rest = new List<string>(args.Length);
        TimeSpan? runFor = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string? value = null;
            if (arg == "--run-for")
            {
                value = i + 1 < args.Length ? args[++i] : null;
            }
            else if (arg.StartsWith("--run-for=", StringComparison.Ordinal))
            {
                value = arg["--run-for=".Length..];
            }
            else
            {
                rest.Add(arg);
                continue;
            }

            if (!TryParse(value, out var duration))
            {
                throw new ArgumentException($"--run-for needs a positive duration such as 60s, 5m or 00:01:30; got '{value}'.");
            }

            runFor = duration;
        }

        return ([.. rest], runFor);
    }
}
