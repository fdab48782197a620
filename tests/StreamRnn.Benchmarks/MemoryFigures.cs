using System.Globalization;

namespace StreamRnn.Benchmarks;

/// <summary>What <see cref="MemoryScenario.RunAsync"/> measured.</summary>
/// <param name="Sensors">Active sensors measured.</param>
/// <param name="ResidentBytesPerSensor">(Loaded − idle resident set) / sensors, after full collections.</param>
/// <param name="StateBytesPerSensor">The mean stored size of a sensor's grain state (serialized, in Redis).</param>
/// <param name="IdleMiB">The idle silo's resident set.</param>
/// <param name="LoadedMiB">The loaded silo's resident set.</param>
/// <param name="ManagedBytesPerSensor">(Loaded − idle managed heap) / sensors.</param>
public sealed record MemoryFigures(int Sensors, double ResidentBytesPerSensor, double StateBytesPerSensor, double IdleMiB, double LoadedMiB, double ManagedBytesPerSensor)
{
    /// <summary>The line: <c>memory: N sensors, X bytes/sensor resident above idle, Y bytes/sensor grain state, idle A MiB, loaded B MiB</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"memory: {Sensors} sensors, {ResidentBytesPerSensor:F0} bytes/sensor resident above idle, {StateBytesPerSensor:F0} bytes/sensor grain state, idle {IdleMiB:F0} MiB, loaded {LoadedMiB:F0} MiB");
}
