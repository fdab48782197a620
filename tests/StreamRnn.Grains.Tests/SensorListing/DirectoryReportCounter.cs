using System.Collections.Concurrent;
using StreamRnn.Contracts;

namespace StreamRnn.Grains.Tests.SensorListing;

/// <summary>Counts the calls a silo's sensor directory shards receive (<see cref="ISensorDirectoryGrain.ReportAsync"/>), per sensor.</summary>
public sealed class DirectoryReportCounter : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, int> _reports = new(StringComparer.Ordinal);

    public int For(string sensorId) => _reports.GetValueOrDefault(sensorId);

    public Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.GetArgumentCount() > 0 && context.Request.GetArgument(0) is SensorDirectoryReport report)
        {
            _reports.AddOrUpdate(report.SensorId, 1, (_, count) => count + 1);
        }

        return context.Invoke();
    }
}
