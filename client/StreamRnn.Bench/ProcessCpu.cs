using System.Diagnostics;

namespace StreamRnn.Bench;

/// <summary>This process's CPU time over a stretch of wall time, as cores busy (CPU seconds per second).</summary>
internal sealed class ProcessCpu
{
    private TimeSpan _cpuAtStart;
    private long _startedAt;

    /// <summary>Starts the stretch.</summary>
    public void Start()
    {
        _cpuAtStart = Environment.CpuUsage.TotalTime;
        _startedAt = Stopwatch.GetTimestamp();
    }

    /// <summary>Cores busy since <see cref="Start"/>; null if it was never started.</summary>
    public double? CoresBusy()
    {
        if (_startedAt == 0)
        {
            return null;
        }

        var wall = Stopwatch.GetElapsedTime(_startedAt);
        return wall > TimeSpan.Zero ? (Environment.CpuUsage.TotalTime - _cpuAtStart) / wall : null;
    }
}
