using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace StreamRnn.Benchmarks;

/// <summary>
/// What this process allocates, by type: listens to the runtime's own allocation sampling (an <c>AllocationTick</c> event
/// about every 100 KB allocated, naming the type of the object that crossed the mark) and sums the sampled amounts per
/// type. A sample, not a count: a type's share is its share of the ticks, good to name the large allocators.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private readonly ConcurrentDictionary<string, long> _bytesByType = new(StringComparer.Ordinal);

    /// <summary>Forgets what was sampled so far.</summary>
    public void Reset() => _bytesByType.Clear();

    public void WriteTop(TextWriter writer, int count)
    {
        var total = Math.Max(1, _bytesByType.Values.Sum());
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"allocations sampled: {total / 1048576.0:N0} MiB, top {count} types"));
        foreach (var (type, bytes) in _bytesByType.OrderByDescending(pair => pair.Value).Take(count))
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {bytes / (double)total,6:P1}  {type}"));
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeSource)
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.PayloadNames is null)
        {
            return;
        }

        var type = eventData.PayloadNames.IndexOf("TypeName") is var t and >= 0 ? eventData.Payload![t] as string ?? "?" : "?";
        var amount = eventData.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0
            ? Convert.ToInt64(eventData.Payload![a], CultureInfo.InvariantCulture)
            : 100_000;
        _bytesByType.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }
}
