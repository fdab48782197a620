using System.ComponentModel.DataAnnotations;

namespace StreamRnn.Silo.Demo;

/// <summary>
/// The built-in demo fleet: synthetic sensors written to the readings topic, some of which fail.
/// Section <c>Demo</c>. On by default only when Kafka is embedded.
/// </summary>
public sealed class DemoFleetOptions
{
    public const string SectionName = "Demo";

    private const int DefaultSensors = 40;
    private const int DefaultInvalidEvery = 1_000;
    private const int DefaultSeed = 7;

    /// <summary>true or false; unset means on with the embedded Kafka and off with a real cluster.</summary>
    public bool? Enabled { get; set; }

    /// <summary>How many sensors the fleet has; one in four fails (stuck, spike, drift, dropout in turn).</summary>
    [Range(4, 100_000)]
    public int Sensors { get; set; } = DefaultSensors;

    /// <summary>Time between two readings of one sensor.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>When the failing sensors start failing, after the fleet starts (spread over the next quarter of it).</summary>
    public TimeSpan FailuresAfter { get; set; } = TimeSpan.FromSeconds(40);

    /// <summary>One message in this many is malformed on purpose, to show the dead-letter path (0: none).</summary>
    [Range(0, 1_000_000_000)]
    public int InvalidEvery { get; set; } = DefaultInvalidEvery;

    /// <summary>Seed of the fleet's random numbers.</summary>
    public int Seed { get; set; } = DefaultSeed;
}
