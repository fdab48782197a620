using System.Collections.Immutable;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamRnn.Contracts;

namespace StreamRnn.WebConsole;

/// <summary>
/// Reports this silo's figures (<see cref="ConsoleMetrics"/>) to the <see cref="IClusterStatusGrain"/> every
/// <see cref="WebConsoleOptions.ClusterStatusInterval"/>, kept for three intervals: every silo's console shows every
/// silo's figures, and a silo that died drops out within three intervals (at once from the list of active silos).
/// </summary>
public sealed partial class ConsoleClusterStatusService(
    IGrainFactory grains,
    ConsoleMetrics metrics,
    ILocalSiloDetails local,
    IOptions<WebConsoleOptions> options,
    TimeProvider time,
    ILogger<ConsoleClusterStatusService> logger) : BackgroundService
{
    private const int IntervalsKept = 3;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.ClusterStatusInterval;
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ReportAsync(interval * IntervalsKept, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Starting, stopping, or the grain's silo just left: the next tick reports again.
                LogReportFailed(logger, exception);
            }
        }
    }

    private async Task ReportAsync(TimeSpan keepFor, CancellationToken cancellationToken)
    {
        var current = metrics.Current();
        var figures = new SiloFigures(
            local.SiloAddress.ToString(), local.Name, current.ReadingsPerSecond, current.MeanBatchSize, current.ModelVersion,
            [.. current.Lag.Select(p => new PartitionLag(p.Partition, p.Lag))], current.Swaps, current.ReadingsApplied);
        await grains.GetGrain<IClusterStatusGrain>(0).ReportAsync(figures, keepFor, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Console: this silo's figures could not be reported to the cluster status grain; the next tick tries again")]
    private static partial void LogReportFailed(ILogger logger, Exception exception);
}
