using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using StreamRnn.Contracts;
using StreamRnn.Grains.SensorListing;

namespace StreamRnn.WebConsole.Api;

/// <summary>
/// <c>GET /api/sensors?q=&amp;after=&amp;limit=</c>: a page of the sensor directory (every sensor that reported, in id
/// order, those whose id contains <c>q</c>), with status and last alert; <c>next</c> is the <c>after</c> of the next page.
/// <c>GET /api/sensors/{id}</c>: its snapshot, status, alerts, model switches and recent points (watching it).
/// </summary>
internal static class SensorEndpoints
{
    private const int DefaultPage = 100;
    private const int MaxPage = 500;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/sensors", async (string? q, string? after, int? limit, IGrainFactory grains, IOptions<SensorDirectoryOptions> directory, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var query = new SensorDirectoryQuery(string.IsNullOrEmpty(q) ? null : q, string.IsNullOrEmpty(after) ? null : after, Math.Clamp(limit ?? DefaultPage, 1, MaxPage));
            var page = await grains.SearchAsync(directory.Value.Shards, query, cancellationToken);
            var suppressions = await grains.ListSuppressionsAsync(cancellationToken);
            var now = time.GetUtcNow();
            var sensors = page.Sensors.Select(entry => new SensorRow(entry.SensorId, SensorStatus.Listed(entry, suppressions, now), entry.LastAlertId, entry.LastAlertAt, entry.LastSeen));
            return ConsoleJson.Ok(new { sensors, page.Matched, page.Unlisted, page.Next });
        });

        api.MapGet("/sensors/{id}", async (string id, IGrainFactory grains, IOptions<SensorDirectoryOptions> directory, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var snapshot = await grains.GetGrain<ISensorGrain>(id).GetSnapshotAsync(cancellationToken);
            var points = await grains.GetGrain<ISensorWatchGrain>(id).WatchAsync(cancellationToken);
            var alerts = await grains.ListAlertsAsync(new AlertQuery(SensorId: id, Limit: 50), cancellationToken);
            var suppressions = await grains.ListSuppressionsAsync(cancellationToken);
            var entry = await grains.GetGrain<ISensorDirectoryGrain>(SensorDirectory.ShardOf(id, directory.Value.Shards)).GetAsync(id, cancellationToken);
            var now = time.GetUtcNow();
            return ConsoleJson.Ok(new
            {
                sensorId = id,
                status = entry is null ? SensorStatus.Of(id, alerts, suppressions, now) : SensorStatus.Listed(entry, suppressions, now),
                listed = entry is not null,
                lastSeen = entry?.LastSeen,
                snapshot.ReadingsApplied,
                snapshot.LastTimestamp,
                snapshot.LastValue,
                snapshot.Forecast,
                snapshot.Score,
                snapshot.ModelVersion,
                snapshot.AlertsRaised,
                snapshot.ModelSwitches,
                points,
                alerts,
            });
        });
    }

    private sealed record SensorRow(string SensorId, string Status, string? LastAlertId, DateTimeOffset? LastAlertAt, DateTimeOffset LastSeen);
}
