using System.Globalization;

namespace StreamRnn.Benchmarks;

/// <summary>What the benchmarks read about a silo's memory and sensors: one place for the flood and memory runs.</summary>
internal static class ProcessMemory
{
    /// <summary>The resident set of process <paramref name="pid"/> in bytes (<c>/proc/&lt;pid&gt;/status</c> VmRSS); null when it cannot be read.</summary>
    public static long? ResidentBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }

    /// <summary>Sensor grain activations in the cluster, from Orleans' management grain.</summary>
    public static async Task<int> SensorActivationsAsync(IGrainFactory grains) =>
        (await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics())
            .Where(s => s.GrainType.StartsWith("StreamRnn.Grains.SensorGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
}
