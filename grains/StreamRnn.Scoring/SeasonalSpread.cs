namespace StreamRnn.Scoring;

/// <summary>
/// How far a sensor usually strays from its seasonal profile at each time of day, so that a distance is judged against
/// its own hour's spread: busy hours of a traffic or tweet count swing far more than quiet ones, and the same distance
/// that is routine at noon is news at 3 a.m. Each slot of the time-of-day profile keeps the running mean of the absolute
/// distances that fell in it (in single precision, as the profile's levels); the sensor keeps the same over all slots (the overall spread). A distance becomes
/// <c>distance × overall / max(slot, floor × overall)</c>: still in the sensor's unit, as large as it would be in a slot
/// of average spread. Learnt from the readings' own timestamps, like the profile. Pure function over arrays the caller
/// owns.
/// </summary>
public static class SeasonalSpread
{
    /// <summary>
    /// Scales <paramref name="distance"/> (a reading's distance from its profile level) by its slot's usual spread, or
    /// returns it as it is while the slot has seen fewer than <see cref="SeasonalProfileSettings.MinimumVisits"/> readings;
    /// then learns the distance into the slot and into the overall spread. <paramref name="spreads"/> and
    /// <paramref name="visits"/> hold one entry per slot of <paramref name="slots"/> and are updated in place.
    /// </summary>
    public static (double Scaled, RunningMoments Overall) ScaleThenLearn(
        Span<float> spreads, Span<byte> visits, RunningMoments overall, double distance, DateTimeOffset timestamp, SeasonalProfileSettings slots, SeasonalSpreadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(slots);
        ArgumentNullException.ThrowIfNull(settings);
        if (spreads.Length != slots.Buckets || visits.Length != slots.Buckets)
        {
            throw new ArgumentException($"A profile of {slots.Buckets} slots needs {slots.Buckets} spreads and visit counts.", nameof(spreads));
        }

        var bucket = SeasonalProfile.Bucket(timestamp, slots);
        double spread = spreads[bucket];
        var usual = Math.Max(spread, settings.Floor * overall.Mean);
        var scaled = visits[bucket] >= slots.MinimumVisits && usual > 0 ? distance * overall.Mean / usual : distance;

        var absolute = Math.Abs(distance);
        spreads[bucket] = SinglePrecision.Of(spread + (Math.Max(settings.Adaptation, 1.0 / (visits[bucket] + 1)) * (absolute - spread)));
        visits[bucket] = visits[bucket] == byte.MaxValue ? byte.MaxValue : (byte)(visits[bucket] + 1);
        return (scaled, overall.Add(absolute, settings.OverallMemory));
    }
}
