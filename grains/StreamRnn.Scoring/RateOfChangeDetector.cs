namespace StreamRnn.Scoring;

/// <summary>
/// Rate of change: the value moved too fast between two readings. The rate is (value − previous value) /
/// (timestamp − previous timestamp), per second, from the readings' own timestamps. With
/// <see cref="RateOfChangeDetectorSettings.MaxRatePerSecond"/> set, a reading fires when |rate| exceeds it
/// (from the second reading on). With no limit, a reading fires when, after
/// <see cref="RateOfChangeDetectorSettings.LearningPeriod"/> rates, |rate − μ| &gt; k·σ, where μ and σ are
/// the mean and standard deviation of recent rates (floored as <see cref="SpikeDetector"/> floors values) and
/// k is <see cref="RateOfChangeDetectorSettings.Deviations"/>; rates are learnt winsorised to that band.
/// The learnt band assumes roughly regular sampling: two readings much closer together than usual make
/// a large rate out of ordinary noise. The first reading, NaN or infinite values, and readings whose
/// timestamp is not after the last accepted one (duplicates, out of order) never fire and leave the state
/// as it was. Pure function over <see cref="RateOfChangeDetectorState"/>.
/// </summary>
public static class RateOfChangeDetector
{
    /// <summary>Observes one reading and returns whether its rate of change fires and the next state.</summary>
    public static (bool Fired, RateOfChangeDetectorState Next) Observe(RateOfChangeDetectorState state, double value, DateTimeOffset timestamp, RateOfChangeDetectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!double.IsFinite(value))
        {
            return (false, state);
        }

        var ticks = timestamp.UtcTicks;
        if (!state.HasPrevious)
        {
            return (false, new RateOfChangeDetectorState(true, value, ticks, state.Rates));
        }

        if (ticks <= state.PreviousUtcTicks)
        {
            return (false, state);
        }

        var rate = Rate(state, value, ticks);
        var (outside, learnt) = DeviationBand.Judge(state.Rates, rate, settings.Deviations, settings.LearningPeriod, settings.MinimumRelativeDeviation, settings.MinimumDeviation);
        var fired = settings.MaxRatePerSecond is { } limit ? Math.Abs(rate) > limit : outside;
        return (fired, new RateOfChangeDetectorState(true, value, ticks, state.Rates.Add(learnt, settings.Memory)));
    }

    /// <summary>
    /// Why the reading fired: its rate against the fixed limit (±<see cref="RateOfChangeDetectorSettings.MaxRatePerSecond"/>)
    /// or the learnt band of <paramref name="before"/>, the state it was observed with. Called only when an alert is
    /// raised, so the hot path pays nothing for it.
    /// </summary>
    public static AlertEvidence Evidence(RateOfChangeDetectorState before, double value, DateTimeOffset timestamp, RateOfChangeDetectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var rate = Rate(before, value, timestamp.UtcTicks);
        var learnt = DeviationBand.Evidence(AlertEvidence.RateMeasure, rate, before.Rates, settings.Deviations, settings.MinimumRelativeDeviation, settings.MinimumDeviation);
        return settings.MaxRatePerSecond is { } limit ? learnt with { Lower = -limit, Upper = limit, Limit = limit } : learnt;
    }

    private static double Rate(RateOfChangeDetectorState previous, double value, long ticks) =>
        (value - previous.PreviousValue) / ((ticks - previous.PreviousUtcTicks) / (double)TimeSpan.TicksPerSecond);
}
