namespace StreamRnn.Scoring;

/// <summary>
/// Parameters of <see cref="SeasonalProfile"/>, every one given (a sensor's come from <see cref="SensorOptions"/>): the
/// profile learns one level per slot of the day or week from the readings' own timestamps.
/// </summary>
public sealed record SeasonalProfileSettings
{
    /// <summary>Whether the profile's period is the week (Monday and Sunday apart) rather than the day.</summary>
    public required bool Week { get; init; }

    /// <summary>Equal slots the period is cut into (UTC). 1 to 1,440 per day of the period.</summary>
    public required int Buckets { get; init; }

    /// <summary>Readings a slot must have seen before it gives an expected value. At least 1.</summary>
    public required int MinimumVisits { get; init; }

    /// <summary>
    /// The weight of a new reading in its slot's level once the slot has seen 1/<see cref="Adaptation"/> readings (an
    /// exact mean before). In (0, 1].
    /// </summary>
    public required double Adaptation { get; init; }

    /// <summary>The most slots per day of the period: one a minute.</summary>
    public const int MaximumSlotsPerDay = 1440;

    /// <summary>Days in a weekly profile's period.</summary>
    public const int DaysPerWeek = 7;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Buckets, 1, nameof(Buckets));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Buckets, Week ? DaysPerWeek * MaximumSlotsPerDay : MaximumSlotsPerDay, nameof(Buckets));
        // A slot's visits are counted up to byte.MaxValue: both must be decided by then.
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumVisits, 1, nameof(MinimumVisits));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MinimumVisits, byte.MaxValue, nameof(MinimumVisits));
        if (!(Adaptation >= 1.0 / byte.MaxValue && Adaptation <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Adaptation), Adaptation, "Must be in [1/255, 1].");
        }
    }
}
