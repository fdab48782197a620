namespace StreamRnn.Grains;

/// <summary>
/// The dropout watch: a timer that runs only while a dropout can still be raised (the sensor has learned its usual gap
/// and no dropout is active), and keeps the sensor in memory until it is judged. Otherwise the sensor has no timer and
/// idles out after <see cref="SensorActivationOptions.IdleTimeout"/>, its state in storage.
/// </summary>
public sealed partial class SensorGrain
{
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
        _dropoutTimer ??= this.RegisterGrainTimer(OnDropoutTimerAsync, period, period);

        // Timer ticks do not count as use: without this an idle sensor could be collected before its dropout is raised.
        DelayDeactivation(due + period + period);
    }

    private async Task OnDropoutTimerAsync(CancellationToken cancellationToken)
    {
        await CheckDropoutAsync(cancellationToken);
        if (DropoutDueIn() is null)
        {
            StopDropoutWatch();
        }
    }

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
