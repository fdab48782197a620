using Microsoft.Extensions.Logging;

namespace StreamRnn.Grains;

/// <summary>
/// The dropout watch of every sensor on this silo, on one timer. A sensor that can raise a dropout asks to be woken
/// after a delay (<see cref="WakeAfter"/>); when it is due this calls its <see cref="IDropoutWatchedSensor.WakeAsync"/>.
/// A watched sensor costs an entry here (under a hundred bytes) instead of a grain timer of its own (the timer, the
/// runtime's timer under it, its callback and its registration: 0.6 KB of heap per sensor, measured at 100,000 sensors).
/// Asking again replaces the sensor's wake-up (moving it later costs no more than a dictionary write, so a sensor asks
/// again at every call that applies readings, <see cref="WakeUpSchedule{TKey, TValue}"/>); a sensor that stops watching,
/// or leaves the silo, cancels it. A wake-up whose call fails (the sensor could not be reached or loaded) is tried again
/// after the retry delay it was asked with, up to <see cref="Attempts"/> times.
/// </summary>
public sealed partial class DropoutWakeUps : IDisposable
{
    /// <summary>Calls made for one wake-up before it is given up (logged).</summary>
    public const int Attempts = 5;

    private readonly Func<GrainId, Task> _wake;
    private readonly TimeProvider _clock;
    private readonly ILogger<DropoutWakeUps> _logger;
    private readonly Lock _gate = new();
    private readonly WakeUpSchedule<GrainId, Retry> _wakeUps = new();
    private readonly ITimer _timer;
    private long _timerAt = long.MaxValue;
    private bool _disposed;

    public DropoutWakeUps(IGrainFactory grains, TimeProvider clock, ILogger<DropoutWakeUps> logger)
        : this(sensor => grains.GetGrain<IDropoutWatchedSensor>(sensor).WakeAsync(), clock, logger)
    {
        ArgumentNullException.ThrowIfNull(grains);
    }

    /// <summary>Wake-ups that call <paramref name="wake"/> (the sensor's <see cref="IDropoutWatchedSensor.WakeAsync"/> in a silo).</summary>
    internal DropoutWakeUps(Func<GrainId, Task> wake, TimeProvider clock, ILogger<DropoutWakeUps> logger)
    {
        ArgumentNullException.ThrowIfNull(wake);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(logger);
        _wake = wake;
        _clock = clock;
        _logger = logger;
        _timer = clock.CreateTimer(static state => ((DropoutWakeUps)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Sensors waiting to be woken.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _wakeUps.Count;
            }
        }
    }

    /// <summary>Wakes <paramref name="sensor"/> after <paramref name="delay"/>, instead of when it last asked; <paramref name="retry"/> is the delay before another try if the call fails.</summary>
    public void WakeAfter(GrainId sensor, TimeSpan delay, TimeSpan retry) => Schedule(sensor, delay, retry, attempt: 1);

    /// <summary>Whether <paramref name="sensor"/> waits to be woken.</summary>
    public bool IsWaiting(GrainId sensor)
    {
        lock (_gate)
        {
            return _wakeUps.Contains(sensor);
        }
    }

    /// <summary>Forgets <paramref name="sensor"/>'s wake-up, if any.</summary>
    public void Cancel(GrainId sensor)
    {
        lock (_gate)
        {
            _wakeUps.Cancel(sensor);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _wakeUps.Clear();
        }

        _timer.Dispose();
    }

    private void Schedule(GrainId sensor, TimeSpan delay, TimeSpan retry, int attempt)
    {
        var at = _clock.GetTimestamp() + (long)(Math.Max(delay.TotalSeconds, 0) * _clock.TimestampFrequency);
        lock (_gate)
        {
            if (!_disposed && _wakeUps.Schedule(sensor, at, new Retry(retry, attempt)) && at < _timerAt)
            {
                ArmLocked(at);
            }
        }
    }

    private void ArmLocked(long at)
    {
        _timerAt = at;
        var wait = _clock.GetElapsedTime(_clock.GetTimestamp(), at);
        _timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        var due = new List<(GrainId Sensor, Retry Retry)>();
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _timerAt = long.MaxValue;
            if (_wakeUps.TakeDue(_clock.GetTimestamp(), due) is { } next)
            {
                ArmLocked(next);
            }
        }

        foreach (var (sensor, retry) in due)
        {
            _ = WakeAsync(sensor, retry);
        }
    }

    private async Task WakeAsync(GrainId sensor, Retry retry)
    {
        try
        {
            await _wake(sensor);
        }
        catch (Exception exception)
        {
            if (retry.Attempt >= Attempts)
            {
                LogGivenUp(exception, sensor, retry.Attempt);
                return;
            }

            LogWakeFailed(exception, sensor, retry.Attempt, retry.Delay);
            lock (_gate)
            {
                if (_wakeUps.Contains(sensor))
                {
                    return; // the sensor asked again meanwhile
                }
            }

            Schedule(sensor, retry.Delay, retry.Delay, retry.Attempt + 1);
        }
    }

    /// <summary>The delay before another try if a wake-up's call fails, and which try this is.</summary>
    private readonly record struct Retry(TimeSpan Delay, int Attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waking sensor {Sensor} to judge its silence failed (attempt {Attempt}); trying again in {Retry}")]
    private partial void LogWakeFailed(Exception exception, GrainId sensor, int attempt, TimeSpan retry);

    [LoggerMessage(Level = LogLevel.Error, Message = "Waking sensor {Sensor} to judge its silence failed {Attempts} times; its dropout watch resumes at its next reading")]
    private partial void LogGivenUp(Exception exception, GrainId sensor, int attempts);
}
