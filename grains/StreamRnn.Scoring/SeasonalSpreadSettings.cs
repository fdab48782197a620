namespace StreamRnn.Scoring;

/// <summary>
/// Parameters of <see cref="SeasonalSpread"/>. The defaults work untuned on any unit: every figure is relative to the
/// sensor's own distances from its profile.
/// </summary>
public sealed record SeasonalSpreadSettings
{
    private const double DefaultAdaptation = 0.15;
    private const double DefaultFloor = 0.5;
    private const int DefaultOverallMemory = 2_000;

    /// <summary>The settings with every default.</summary>
    public static SeasonalSpreadSettings Default { get; } = new();

    /// <summary>
    /// The weight of a new distance in its slot's usual spread once the slot has seen 1/<see cref="Adaptation"/>
    /// readings (an exact mean before). Default 0.15; in (0, 1]. The weight is per reading in the slot, so the memory
    /// depends on the rate: with hourly readings a slot remembers about a week of days; with readings every 5 minutes
    /// (12 per hourly slot) mostly its last visit, yesterday's hour and this hour so far.
    /// </summary>
    public double Adaptation { get; init; } = DefaultAdaptation;

    /// <summary>
    /// A slot's spread counts as at least this fraction of the overall spread, so a slot that happened to be calm is not
    /// made hair-trigger. Default 0.5; in (0, 1].
    /// </summary>
    public double Floor { get; init; } = DefaultFloor;

    /// <summary>Distances the overall spread remembers (<see cref="RunningMoments"/> memory). Default 2,000; at least 1.</summary>
    public int OverallMemory { get; init; } = DefaultOverallMemory;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (!(Adaptation > 0 && Adaptation <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Adaptation), Adaptation, "Must be in (0, 1].");
        }

        if (!(Floor > 0 && Floor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Floor), Floor, "Must be in (0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(OverallMemory, 1, nameof(OverallMemory));
    }
}
