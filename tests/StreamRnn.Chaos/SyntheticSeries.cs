using System.Globalization;

namespace StreamRnn.Chaos;

/// <summary>
/// The chaos test's input: <see cref="Sensors"/> sensors, readings round-robin over them (reading i belongs to
/// sensor i mod S, as its step i div S). Each series is a seeded sine plus noise; one sensor in ten spikes, one
/// in ten gets stuck and one in ten drifts, after its learning period, so that alerts are raised. Every value
/// depends only on (seed, sensor, step), never on the order in which it is asked for.
/// </summary>
internal sealed class SyntheticSeries
{
    /// <summary>The silos' <c>Sensors:LearningReadings</c>: short, so that faults late in a short series still alert.</summary>
    public const int LearningReadings = 30;

    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(1);
    private const int StuckLength = 30;
    private const int SpikeLength = 3;

    private readonly int _seed;
    private readonly string _idFormat;

    public SyntheticSeries(int sensors, long readings, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sensors, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(readings, sensors);
        Sensors = sensors;
        Readings = readings;
        _seed = seed;
        _idFormat = "sensor-" + new string('0', Math.Max(4, (sensors - 1).ToString(CultureInfo.InvariantCulture).Length));
    }

    public int Sensors { get; }

    public long Readings { get; }

    /// <summary>The id (Kafka key) of sensor <paramref name="sensor"/>.</summary>
    public string SensorId(int sensor) => sensor.ToString(_idFormat, CultureInfo.InvariantCulture);

    /// <summary>How many readings sensor <paramref name="sensor"/> gets.</summary>
    public long ReadingsOf(int sensor) => (Readings / Sensors) + (sensor < Readings % Sensors ? 1 : 0);

    /// <summary>The fault sensor <paramref name="sensor"/> develops, if any.</summary>
    public static SensorFault FaultOf(int sensor) => (sensor % 10) switch
    {
        3 => SensorFault.Spike,
        6 => SensorFault.Stuck,
        9 => SensorFault.Drift,
        _ => SensorFault.None,
    };

    /// <summary>Reading <paramref name="index"/> of the whole input: its sensor, timestamp and value.</summary>
    public (int Sensor, DateTimeOffset Timestamp, double Value) Reading(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Readings);
        var sensor = (int)(index % Sensors);
        var step = index / Sensors;
        return (sensor, Start + (Step * step), Value(sensor, step));
    }

    /// <summary>Sensor <paramref name="sensor"/>'s value at step <paramref name="step"/>.</summary>
    public double Value(int sensor, long step)
    {
        var faultStart = LearningReadings + ((ReadingsOf(sensor) - LearningReadings) / 2);
        var fault = FaultOf(sensor);
        if (fault == SensorFault.Stuck && step >= faultStart && step < faultStart + StuckLength)
        {
            return Math.Round(Clean(sensor, faultStart), 3);
        }

        var value = Clean(sensor, step);
        if (fault == SensorFault.Spike && step >= faultStart && step < faultStart + SpikeLength)
        {
            value += 25 * Amplitude(sensor);
        }
        else if (fault == SensorFault.Drift && step >= faultStart)
        {
            value += 0.2 * Amplitude(sensor) * (step - faultStart);
        }

        return Math.Round(value, 3);
    }

    private double Clean(int sensor, long step)
    {
        var level = 20 + (60 * Uniform(sensor, -1, 0));
        var period = 30 + (90 * Uniform(sensor, -2, 0));
        var phase = 2 * Math.PI * Uniform(sensor, -3, 0);
        var noise = Gaussian(sensor, step) * 0.05 * Amplitude(sensor);
        return level + (Amplitude(sensor) * Math.Sin((2 * Math.PI * step / period) + phase)) + noise;
    }

    private double Amplitude(int sensor) => 1 + (9 * Uniform(sensor, -4, 0));

    private double Gaussian(int sensor, long step)
    {
        // Box-Muller from two independent uniforms of this (sensor, step).
        var u1 = 1 - Uniform(sensor, step, 1);
        var u2 = Uniform(sensor, step, 2);
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>A uniform number in [0, 1) that depends only on the seed and the three coordinates (SplitMix64).</summary>
    private double Uniform(int sensor, long step, int stream)
    {
        var x = unchecked(((ulong)(uint)_seed << 32) ^ ((ulong)(uint)sensor * 0x9E3779B97F4A7C15UL) ^ ((ulong)step * 0xBF58476D1CE4E5B9UL) ^ ((ulong)(uint)stream * 0x94D049BB133111EBUL));
        x = unchecked(x + 0x9E3779B97F4A7C15UL);
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        x ^= x >> 31;
        return (x >> 11) * (1.0 / (1UL << 53));
    }
}
