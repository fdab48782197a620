namespace StreamRnn.Grains;

/// <summary>
/// The dropout watch: while a dropout can still be raised (the sensor has learned its usual gap and no dropout is
/// active) the sensor asks this silo's <see cref="DropoutWakeUps"/> to wake it, and stays in memory until it is judged.
/// Otherwise it asks nothing and idles out after <see cref="SensorActivationOptions.IdleTimeout"/>, its state in storage.
/// It asks to be woken when silence would become a dropout (or after <see cref="Scoring.SensorOptions.DropoutCheckPeriod"/>,
/// if sooner), and every call that applies readings moves that wake-up on, at the cost of a dictionary write (the silo's
/// schedule puts the old entry back when its time comes): a sensor that keeps reading within its usual gap is not woken
/// at all, and one that falls silent is woken once, when the silence becomes a dropout.
/// </summary>
public sealed partial class SensorGrain : IDropoutWatchedSensor
{
    /// <summary>The shortest sleep between two checks: a check that finds the deadline a hair away does not spin.</summary>
    private static readonly TimeSpan ShortestDropoutSleep = TimeSpan.FromMilliseconds(10);

    /// <summary>Whether a wake-up is asked for (or running).</summary>
    private bool _watchingDropout;

    /// <summary>After readings were applied: starts the watch if a dropout can come, and keeps the sensor until it is due.</summary>
    private void WatchForDropout()
    {
        if (DropoutDueIn() is not { } due)
        {
            // Nothing to watch: ApplyAsync's end sends the sensor away if the silo is over its cap.
            StopDropoutWatch();
            return;
        }

        var period = _settings.Effective.DropoutCheckPeriod;
        WakeAfter(DropoutSleep(due, period), period);

        // Wake-ups count as use, but one may come only after the idle timeout: this keeps the sensor until it is judged.
        DelayDeactivation(due + period + period);
    }

    public async Task WakeAsync(CancellationToken cancellationToken = default)
    {
        _watchingDropout = true;
        var judged = false;
        try
        {
            await CheckDropoutAsync(cancellationToken);
            judged = true;
        }
        finally
        {
            if (DropoutDueIn() is not { } due)
            {
                StopDropoutWatch();
            }
            else if (!cancellationToken.IsCancellationRequested)
            {
                // Not yet due (readings came), or not raised (publishing failed: try again a period on).
                var period = _settings.Effective.DropoutCheckPeriod;
                WakeAfter(judged ? DropoutSleep(due, period) : period, period);
            }
        }
    }

    private void WakeAfter(TimeSpan sleep, TimeSpan period)
    {
        _services.WakeUps.WakeAfter(this.GetGrainId(), sleep, period);
        _watchingDropout = true;
    }

    private static TimeSpan DropoutSleep(TimeSpan due, TimeSpan period) =>
        due < ShortestDropoutSleep ? ShortestDropoutSleep : due > period ? period : due;

    /// <summary>Nothing is left to judge: the wake-up goes, and so does the hold on the sensor's deactivation.</summary>
    private void StopDropoutWatch()
    {
        if (_watchingDropout)
        {
            ForgetDropoutWatch();
            DelayDeactivation(TimeSpan.Zero);
        }
    }

    /// <summary>The sensor leaves the silo: its wake-up, if any, goes with it.</summary>
    private void ForgetDropoutWatch()
    {
        if (_watchingDropout)
        {
            _services.WakeUps.Cancel(this.GetGrainId());
            _watchingDropout = false;
        }
    }

    /// <summary>How long until silence becomes a dropout (zero when overdue); null when none can be raised before the next reading.</summary>
    private TimeSpan? DropoutDueIn()
    {
        var state = Pipeline.State;
        if (state.DropoutActive || state.LastArrival is not { } lastArrival || state.MeanArrivalGapSeconds <= 0)
        {
            return null;
        }

        // As SensorPipeline.CheckDropout judges it.
        var settings = _settings.Pipeline;
        var limit = TimeSpan.FromSeconds(Math.Max(state.MeanArrivalGapSeconds * settings.DropoutIntervals, settings.MinimumDropoutSilence.TotalSeconds));
        var left = lastArrival + limit - _services.Clock.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
