namespace StreamRnn.Scoring;

/// <summary>
/// Parameters of <see cref="SeasonalSpread"/>. Every one given; every figure is relative to the
/// sensor's own distances from its profile.
/// </summary>
public sealed record SeasonalSpreadSettings
{
    /// <summary>
    /// The weight of a new distance in its slot's usual spread once the slot has seen 1/<see cref="Adaptation"/>
    /// readings (an exact mean before). In (0, 1]. The weight is per reading in the slot, so the memory
    /// depends on the rate: with hourly readings a slot remembers about a week of days; with readings every 5 minutes
    /// (12 per hourly slot) mostly its last visit, yesterday's hour and this hour so far.
    /// </summary>
    public required double Adaptation { get; init; }

    /// <summary>
    /// A slot's spread counts as at least this fraction of the overall spread, so a slot that happened to be calm is not
    /// made hair-trigger. In (0, 1].
    /// </summary>
    public required double Floor { get; init; }

    /// <summary>Distances the overall spread remembers (<see cref="RunningMoments"/> memory). At least 1.</summary>
    public required int OverallMemory { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        // A slot's visits are counted up to byte.MaxValue: the weight must reach Adaptation by then.
        if (!(Adaptation >= 1.0 / byte.MaxValue && Adaptation <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Adaptation), Adaptation, "Must be in [1/255, 1].");
        }

        if (!(Floor > 0 && Floor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Floor), Floor, "Must be in (0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(OverallMemory, 1, nameof(OverallMemory));
    }
}
