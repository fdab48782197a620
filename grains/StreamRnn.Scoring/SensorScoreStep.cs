namespace StreamRnn.Scoring;

/// <summary>What <see cref="SensorScorer.Step"/> says of one reading.</summary>
/// <param name="Score">
/// The published anomaly score in [0, 1], the one alerts are raised on: the surprise on the reading that starts an
/// anomaly event, and at most <see cref="SensorScorerSettings.ClearThreshold"/> on every other reading, so one event is
/// one reading at or above the threshold however long it lasts.
/// </param>
/// <param name="Surprise">
/// The largest of <paramref name="ForecastSurprise"/>, <paramref name="SeasonalSurprise"/>, <see cref="NoveltySurprise"/>
/// and (a multichannel sensor's) the channels' relation surprise, before debouncing.
/// </param>
/// <param name="ForecastSurprise">
/// The surprise of the short-term average error against the recurrent model's forecast: the larger of its size's and,
/// with <see cref="SensorScorerSettings.DirectionalSurpriseScale"/>, its parts above and below the forecast.
/// </param>
/// <param name="SeasonalSurprise">
/// The surprise of the short-term average distance from the seasonal profile (scaled by its hour's usual spread with
/// <see cref="SensorScorerSettings.SeasonalSpread"/>).
/// </param>
/// <param name="Anomaly">The anomaly event's transition on this reading (start, update, end or none).</param>
/// <param name="Spike">Start when a spike begins, End on the first reading after it.</param>
/// <param name="RateOfChange">Start when the rate of change leaves its band (or limit), End when it is back.</param>
/// <param name="OutOfRange">Start when the value leaves the configured limits or lies far outside the sensor's learnt range, End when it is back.</param>
public readonly record struct SensorScoreStep(
    double Score,
    double Surprise,
    double ForecastSurprise,
    double SeasonalSurprise,
    AlertTransition Anomaly,
    AlertTransition Spike,
    AlertTransition RateOfChange,
    AlertTransition OutOfRange)
{
    /// <summary>
    /// The surprise of how far the reading lies beyond the range the sensor has seen (<see cref="RangeNovelty"/>); 0 inside
    /// it, while the range learns, and without <see cref="SensorScorerSettings.Novelty"/>.
    /// </summary>
    public double NoveltySurprise { get; init; }

    /// <summary>Why the anomaly event started or updated on this reading; null on every other reading.</summary>
    public AlertEvidence? AnomalyEvidence { get; init; }

    /// <summary>Why a spike started on this reading; null on every other reading.</summary>
    public AlertEvidence? SpikeEvidence { get; init; }

    /// <summary>Why a rate-of-change alert started on this reading; null on every other reading.</summary>
    public AlertEvidence? RateOfChangeEvidence { get; init; }
}
