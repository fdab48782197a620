using System.Collections.Concurrent;
using Orleans.Runtime;

namespace StreamRnn.Silo.Tests;

/// <summary>The silos that <see cref="ReminderProbeGrain"/> reminder ticks ran on, in order, per grain key.</summary>
internal static class ReminderTicks
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<SiloAddress>> Ticks = new(StringComparer.Ordinal);

    public static void Record(string grainKey, SiloAddress silo) => Ticks.GetOrAdd(grainKey, _ => new()).Enqueue(silo);

    public static IReadOnlyList<SiloAddress> Of(string grainKey) => Ticks.TryGetValue(grainKey, out var ticks) ? ticks.ToArray() : [];
}
