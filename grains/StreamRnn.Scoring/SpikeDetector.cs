namespace StreamRnn.Scoring;

/// <summary>
/// Spike: one value far from the recent level. Fires on a reading when, after the first
/// <see cref="SpikeDetectorSettings.LearningPeriod"/> readings, |value − μ| &gt; k·σ, where μ and σ are the
/// mean and standard deviation of recent values (<see cref="RunningMoments"/> with memory
/// <see cref="SpikeDetectorSettings.Memory"/>), k is <see cref="SpikeDetectorSettings.Deviations"/>, and σ is
/// floored at <see cref="SpikeDetectorSettings.MinimumRelativeDeviation"/>·|μ| and
/// <see cref="SpikeDetectorSettings.MinimumDeviation"/>. Values are learnt winsorised to μ ± k·σ, so a spike
/// barely widens the band it is judged against. A lasting level shift fires on every reading until the
/// recent moments have caught up (on the order of <see cref="SpikeDetectorSettings.Memory"/> readings).
/// NaN and infinite values never fire and are not learnt. Pure function over <see cref="SpikeDetectorState"/>.
/// </summary>
public static class SpikeDetector
{
    /// <summary>Observes one value and returns whether it is a spike and the next state.</summary>
    public static (bool Fired, SpikeDetectorState Next) Observe(SpikeDetectorState state, double value, SpikeDetectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!double.IsFinite(value))
        {
            return (false, state);
        }

        var (fired, learnt) = DeviationBand.Judge(state.Recent, value, settings.Deviations, settings.LearningPeriod, settings.MinimumRelativeDeviation, settings.MinimumDeviation);
        return (fired, new SpikeDetectorState(state.Recent.Add(learnt, settings.Memory)));
    }

    /// <summary>
    /// Why <paramref name="value"/> fired: it against the band of <paramref name="before"/>, the state it was observed
    /// with. Called only when a spike is raised, so the hot path pays nothing for it.
    /// </summary>
    public static AlertEvidence Evidence(SpikeDetectorState before, double value, SpikeDetectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return DeviationBand.Evidence(AlertEvidence.ValueMeasure, value, before.Recent, settings.Deviations, settings.MinimumRelativeDeviation, settings.MinimumDeviation);
    }
}
