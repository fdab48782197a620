namespace StreamRnn.Grains;

/// <summary>
/// The dropout watch: a timer that runs only while a dropout can still be raised (the sensor has learned its usual gap
/// and no dropout is active), and keeps the sensor in memory until it is judged. Otherwise the sensor has no timer and
/// idles out after <see cref="SensorActivationOptions.IdleTimeout"/>, its state in storage. The timer wakes when silence
/// would become a dropout (or after <see cref="Scoring.SensorOptions.DropoutCheckPeriod"/>, if sooner): readings that
/// arrive meanwhile move the deadline on, and the check then finds it not yet due and sleeps until the new one. A sensor
/// reading every minute is checked about once a minute, not once a second.
/// </summary>
public sealed partial class SensorGrain
{
    /// <summary>The shortest sleep between two checks: a check that finds the deadline a hair away does not spin.</summary>
    private static readonly TimeSpan ShortestDropoutSleep = TimeSpan.FromMilliseconds(10);

    /// <summary>When (on the sensor's clock) the watch next wakes.</summary>
    private DateTimeOffset _dropoutCheckAt;

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
        var sleep = DropoutSleep(due, period);
        var now = _timeProvider.GetUtcNow();
        if (_dropoutTimer is null)
        {
            _dropoutTimer = this.RegisterGrainTimer(OnDropoutTimerAsync, sleep, period);
            _dropoutCheckAt = now + sleep;
        }
        else if (now + sleep < _dropoutCheckAt)
        {
            // The usual gap shrank: the new deadline comes before the watch would wake.
            SleepUntilDropoutCheck(sleep, period, now);
        }

        // Timer ticks do not count as use: without this an idle sensor could be collected before its dropout is raised.
        DelayDeactivation(due + period + period);
    }

    private async Task OnDropoutTimerAsync(CancellationToken cancellationToken)
    {
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
            else if (_dropoutTimer is not null && !cancellationToken.IsCancellationRequested)
            {
                // Not yet due (readings came), or not raised (publishing failed: try again a period on).
                var period = _settings.Effective.DropoutCheckPeriod;
                SleepUntilDropoutCheck(judged ? DropoutSleep(due, period) : period, period, _timeProvider.GetUtcNow());
            }
        }
    }

    private void SleepUntilDropoutCheck(TimeSpan sleep, TimeSpan period, DateTimeOffset now)
    {
        _dropoutTimer!.Change(sleep, period);
        _dropoutCheckAt = now + sleep;
    }

    private static TimeSpan DropoutSleep(TimeSpan due, TimeSpan period) =>
        due < ShortestDropoutSleep ? ShortestDropoutSleep : due > period ? period : due;

    private void StopDropoutWatch()
    {
        if (_dropoutTimer is not null)
        {
            _dropoutTimer.Dispose();
            _dropoutTimer = null;
            DelayDeactivation(TimeSpan.Zero);
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
        var left = lastArrival + limit - _timeProvider.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
