namespace StreamRnn.Scoring.Tests;

/// <summary>Seeded synthetic series for the scoring tests.</summary>
internal static class ScoringSeries
{
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());

    /// <summary>
    /// The clean series: 20 + 5·sin(2πi/200) plus Gaussian noise of standard deviation 0.5, with event times
    /// one second apart give or take 10 %.
    /// </summary>
    public static (double[] Values, DateTimeOffset[] Times) NoisySine(int seed, int steps = 5_000)
    {
        var random = new Random(seed);
        var values = new double[steps];
        var times = new DateTimeOffset[steps];
        var time = Start;
        for (var i = 0; i < steps; i++)
        {
            values[i] = 20 + 5 * Math.Sin(2 * Math.PI * i / 200) + 0.5 * Gaussian(random);
            times[i] = time;
            time += TimeSpan.FromSeconds(0.9 + 0.2 * random.NextDouble());
        }

        return (values, times);
    }
}
