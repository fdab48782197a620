namespace StreamRnn.Silo.Demo;

/// <summary>
/// When each step of the demo fleet was sampled, and so what its readings are stamped with. Step k is sampled at
/// origin + (k + 1) × interval, as a sensor with its own clock stamps its readings, whatever moment the writing
/// loop gets to run. A tick takes the step whose instant is nearest to it, so timer jitter of less than half an
/// interval either way changes nothing: the timer's ticks fall on either side of the wall clock's instants (taking
/// the last instant passed instead skipped a fifth of the steps). When a stall made <see cref="PeriodicTimer"/> coalesce ticks, the extra tick finds its step sent
/// already and sends nothing, and the steps the stall skipped are never sent (their sensors' readings were lost
/// on the way). So no two readings of one sensor are ever stamped closer together than the interval.
/// </summary>
/// <remarks>
/// Stamping with the wall clock at each tick did: after a stall, a late tick and the coalesced one after it came
/// milliseconds apart, and the rate of change of every sensor (value change over timestamp change) looked many
/// times its usual size at one instant.
/// </remarks>
public sealed class DemoSamplingClock
{
    private readonly DateTimeOffset _origin;
    private readonly TimeSpan _interval;
    private long _nextStep;

    public DemoSamplingClock(DateTimeOffset origin, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _origin = origin;
        _interval = interval;
    }

    /// <summary>
    /// The step whose sampling instant is nearest to <paramref name="now"/>, and that instant; false when that step
    /// was sent already (a coalesced tick) or none is due yet.
    /// </summary>
    public bool TryTakeDueStep(DateTimeOffset now, out long step, out DateTimeOffset sampledAt)
    {
        var due = (long)Math.Floor(((now - _origin) / _interval) + 0.5) - 1;
        if (due < _nextStep)
        {
            step = 0;
            sampledAt = default;
            return false;
        }

        step = due;
        sampledAt = _origin + ((due + 1) * _interval);
        _nextStep = due + 1;
        return true;
    }
}
