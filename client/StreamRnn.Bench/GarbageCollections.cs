using System.Globalization;

namespace StreamRnn.Bench;

/// <summary>The process's allocation and collection counters at one moment, to report a stretch of a run per reading.</summary>
internal readonly record struct GarbageCollections(long AllocatedBytes, int Gen0, int Gen1, int Gen2, TimeSpan Paused)
{
    public static GarbageCollections Now() => new(
        GC.GetTotalAllocatedBytes(precise: false),
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2),
        GC.GetTotalPauseDuration());

    /// <summary>"N bytes allocated per reading, gen0/gen1/gen2 a/b/c, GC pauses p % of the stretch" since <paramref name="start"/>.</summary>
    public string Since(GarbageCollections start, long readings, TimeSpan elapsed) => string.Create(
        CultureInfo.InvariantCulture,
        $"{(AllocatedBytes - start.AllocatedBytes) / (double)Math.Max(1, readings):N0} bytes allocated per reading, collections gen0/gen1/gen2 {Gen0 - start.Gen0}/{Gen1 - start.Gen1}/{Gen2 - start.Gen2}, GC pauses {(Paused - start.Paused) / elapsed:P1} of the drain");
}
