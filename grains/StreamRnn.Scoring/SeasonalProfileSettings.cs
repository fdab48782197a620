namespace StreamRnn.Scoring;

/// <summary>
/// Parameters of <see cref="SeasonalProfile"/>. The defaults work untuned for sensors sampled from seconds to an hour
/// apart: the profile learns one level per hour of the day from the readings' own timestamps.
/// </summary>
public sealed record SeasonalProfileSettings
{
    private const int DefaultBuckets = 24;
    private const int DefaultMinimumVisits = 24;
    private const double DefaultAdaptation = 0.05;

    /// <summary>The settings with every default.</summary>
    public static SeasonalProfileSettings Default { get; } = new();

    /// <summary>The settings of a weekly profile: one slot per hour of the week, ready after 4 visits, adapting by 0.1.</summary>
    public static SeasonalProfileSettings Weekly { get; } = new() { Week = true, Buckets = 168, MinimumVisits = 4, Adaptation = 0.1 };

    /// <summary>Whether the profile's period is the week (Monday and Sunday apart) rather than the day. Default false.</summary>
    public bool Week { get; init; }

    /// <summary>Equal slots the period is cut into (UTC). Default 24 (hours of the day); 1 to 1,440 per day of the period.</summary>
    public int Buckets { get; init; } = DefaultBuckets;

    /// <summary>Readings a slot must have seen before it gives an expected value. Default 24; at least 1.</summary>
    public int MinimumVisits { get; init; } = DefaultMinimumVisits;

    /// <summary>
    /// The weight of a new reading in its slot's level once the slot has seen 1/<see cref="Adaptation"/> readings (an
    /// exact mean before). Default 0.05; in (0, 1].
    /// </summary>
    public double Adaptation { get; init; } = DefaultAdaptation;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Buckets, 1, nameof(Buckets));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Buckets, Week ? 7 * 1440 : 1440, nameof(Buckets));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumVisits, 1, nameof(MinimumVisits));
        if (!(Adaptation > 0 && Adaptation <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Adaptation), Adaptation, "Must be in (0, 1].");
        }
    }
}
