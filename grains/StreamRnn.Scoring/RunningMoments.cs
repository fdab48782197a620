namespace StreamRnn.Scoring;

/// <summary>
/// Mean and variance of a stream, exact (Welford) for the first <c>memory</c> values and an exponentially
/// weighted average with weight <c>1/memory</c> after that, so they follow slow change. Immutable: each
/// update returns the next value.
/// </summary>
public readonly record struct RunningMoments(long Count, double Mean, double Variance)
{
    /// <summary>Standard deviation, never below <paramref name="floor"/>.</summary>
    public double StandardDeviation(double floor = 1e-9) => Math.Max(Math.Sqrt(Math.Max(Variance, 0)), floor);

    /// <summary>The moments after one more value.</summary>
    public RunningMoments Add(double value, int memory)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(memory, 1);
        var count = Count + 1;
        var weight = 1.0 / Math.Min(count, memory);
        var delta = value - Mean;
        var mean = Mean + weight * delta;
        var variance = Count == 0 ? 0 : (1 - weight) * (Variance + weight * delta * delta);
        return new RunningMoments(count, mean, variance);
    }
}
