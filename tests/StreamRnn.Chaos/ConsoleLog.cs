using System.Diagnostics;
using System.Globalization;

namespace StreamRnn.Chaos;

/// <summary>The tool's own progress lines on stdout, each with the seconds since it started.</summary>
internal sealed class ConsoleLog
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TextWriter _out;

    public ConsoleLog(TextWriter output)
    {
        _out = output;
    }

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Line(string text)
    {
        lock (_out)
        {
            _out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,7:F1} s] {text}"));
            _out.Flush();
        }
    }

    /// <summary>A line without the time stamp (the verdict).</summary>
    public void Plain(string text)
    {
        lock (_out)
        {
            _out.WriteLine(text);
            _out.Flush();
        }
    }
}
