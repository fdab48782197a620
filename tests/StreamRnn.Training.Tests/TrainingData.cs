using StreamRnn.Training;

namespace StreamRnn.Training.Tests;

/// <summary>Synthetic series for the training tests.</summary>
internal static class TrainingData
{
    /// <summary><c>sin(2π t / period)</c> plus Gaussian noise of standard deviation <paramref name="noise"/>, seeded.</summary>
    public static TimeSeries NoisySine(string name, int steps, double period, double noise, int seed, double offset = 0, double amplitude = 1)
    {
        var random = new Random(seed);
        var values = new float[steps];
        for (var t = 0; t < steps; t++)
        {
            values[t] = (float)(offset + (amplitude * Math.Sin(2 * Math.PI * t / period)) + (noise * Gaussian(random)));
        }

        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return TimeSeries.FromValues(name, values, [.. Enumerable.Range(0, steps).Select(t => start.AddMinutes(t))]);
    }

    public static SeriesData Sine(int steps = 1200, double period = 25, double noise = 0.1, int seed = 1)
    {
        return SeriesData.Of(NoisySine("sine", steps, period, noise, seed));
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
