using StreamRnn.Scoring;

namespace StreamRnn.Tests.Shared;

/// <summary>
/// A synthetic fleet of pumps, one reading every 5 minutes with 4 channels: vibration (mm/s, channel 0), motor current
/// (A, 1), discharge pressure (bar, 2) and bearing temperature (°C, 3). The pump's load has a daily shape and a slow
/// random part (AR(1)); vibration, current and pressure follow it (pressure = 2 × current + noise), the temperature has
/// its own daily shape, lagging, and its own slow wander. Each pump is one fixed seed: the same readings every run
/// (linked into the test projects that judge multichannel sensors).
/// </summary>
internal static class PumpFleet
{
    /// <summary>Readings per day.</summary>
    public const int PerDay = 288;

    public static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    /// <summary>What goes wrong from <c>breakAt</c> on.</summary>
    public enum Fault
    {
        /// <summary>Nothing: a healthy pump.</summary>
        None,

        /// <summary>The discharge pressure drops by 5 bar (a leak), current, vibration and temperature as before.</summary>
        PressureDrop,

        /// <summary>
        /// Pressure stops following current: it follows a load of the same daily shape and the same distribution, drawn
        /// apart, so each channel alone still looks as it always did.
        /// </summary>
        PressureDecoupled,

        /// <summary>The bearing temperature runs 10 °C above its usual day (which swings ±4 °C); the other channels as before.</summary>
        TemperatureRise,
    }

    /// <summary>One pump's readings: <paramref name="days"/> days, the fault from reading <paramref name="breakAt"/> on.</summary>
    public static SensorPipelineReading[] Pump(int seed, int days, Fault fault = Fault.None, int breakAt = int.MaxValue)
    {
        var random = new Random(seed);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        double wander = 0, otherWander = 0, heat = 0;
        var readings = new SensorPipelineReading[days * PerDay];
        for (var t = 0; t < readings.Length; t++)
        {
            var phase = 2 * Math.PI * t / PerDay;
            wander = (0.95 * wander) + (0.05 * Gaussian());
            otherWander = (0.95 * otherWander) + (0.05 * Gaussian());
            heat = (0.98 * heat) + (0.05 * Gaussian());
            var broken = t >= breakAt;
            var load = 0.6 + (0.25 * Math.Sin(phase)) + wander;
            var pressureLoad = fault == Fault.PressureDecoupled && broken ? 0.6 + (0.25 * Math.Sin(phase)) + otherWander : load;
            var vibration = 2 + (0.8 * load) + (0.1 * Gaussian());
            var current = 20 + (10 * load) + (0.5 * Gaussian());
            var pressure = (2 * (20 + (10 * pressureLoad))) + Gaussian() - (fault == Fault.PressureDrop && broken ? 5 : 0);
            var temperature = 40 + (4 * Math.Sin(phase - 0.5)) + heat + (0.2 * Gaussian()) + (fault == Fault.TemperatureRise && broken ? 10 : 0);
            readings[t] = new SensorPipelineReading(Start.AddMinutes(5 * t), [vibration, current, pressure, temperature], 0, t);
        }

        return readings;
    }
}
