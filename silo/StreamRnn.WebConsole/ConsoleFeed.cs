using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamRnn.Contracts;
using StreamRnn.WebConsole.Api;

namespace StreamRnn.WebConsole;

/// <summary>
/// The live feed behind <c>/api/events</c>: every <see cref="WebConsoleOptions.RefreshInterval"/> one <c>tick</c> event
/// with this silo's figures and the alert counts per state; the page refreshes the view it shows on each. Costs nothing
/// while nobody is connected.
/// </summary>
public sealed partial class ConsoleFeed(IGrainFactory grains, ConsoleMetrics metrics, IOptions<WebConsoleOptions> options, TimeProvider time, ILogger<ConsoleFeed> logger)
{
    private const int AlertsCounted = 1_000;

    public async IAsyncEnumerable<SseItem<string>> StreamAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        LogConnected(logger);
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, time);
        var sequence = 0L;
        do
        {
            var alerts = await grains.ListAlertsAsync(new AlertQuery(Limit: AlertsCounted), cancellationToken);
            var counts = Enum.GetValues<AlertState>().ToDictionary(s => s.ToString().ToLowerInvariant(), s => alerts.Count(a => a.State == s));
            var tick = new { sequence = sequence++, at = time.GetUtcNow(), thisSilo = metrics.Current(), alerts = counts, newestAlert = alerts.FirstOrDefault()?.AlertId };
            yield return new SseItem<string>(JsonSerializer.Serialize(tick, ConsoleJson.Options), "tick");
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Console: a live feed connected")]
    private static partial void LogConnected(ILogger logger);
}
