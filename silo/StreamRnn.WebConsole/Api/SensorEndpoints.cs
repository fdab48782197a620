using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using StreamRnn.Contracts;

namespace StreamRnn.WebConsole.Api;

/// <summary>
/// <c>GET /api/sensors?q=</c>: the sensors the alert lifecycle knows (every sensor that alerted, newest first) with their
/// status and last alert, filtered by <c>q</c> (part of the id); a sensor that never alerted is found by its exact id.
/// <c>GET /api/sensors/{id}</c>: its snapshot, status, alerts, model switches and recent points (watching it).
/// </summary>
internal static class SensorEndpoints
{
    private const int AlertsScanned = 2_000;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/sensors", async (string? q, IGrainFactory grains, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var alerts = await grains.ListAlertsAsync(new AlertQuery(Limit: AlertsScanned), cancellationToken);
            var suppressions = await grains.ListSuppressionsAsync(cancellationToken);
            var now = time.GetUtcNow();
            var sensors = alerts.GroupBy(a => a.SensorId, StringComparer.Ordinal)
                .Where(g => string.IsNullOrEmpty(q) || g.Key.Contains(q, StringComparison.OrdinalIgnoreCase))
                .Select(g => Row(g.Key, [.. g], suppressions, now))
                .ToList();
            if (!string.IsNullOrEmpty(q) && sensors.All(s => s.SensorId != q))
            {
                var snapshot = await grains.GetGrain<ISensorGrain>(q).GetSnapshotAsync(cancellationToken);
                if (snapshot.ReadingsApplied > 0)
                {
                    sensors.Insert(0, Row(q, [], suppressions, now));
                }
            }

            return ConsoleJson.Ok(sensors);
        });

        api.MapGet("/sensors/{id}", async (string id, IGrainFactory grains, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var snapshot = await grains.GetGrain<ISensorGrain>(id).GetSnapshotAsync(cancellationToken);
            var points = await grains.GetGrain<ISensorWatchGrain>(id).WatchAsync(cancellationToken);
            var alerts = await grains.ListAlertsAsync(new AlertQuery(SensorId: id, Limit: 50), cancellationToken);
            var suppressions = await grains.ListSuppressionsAsync(cancellationToken);
            return ConsoleJson.Ok(new
            {
                sensorId = id,
                status = SensorStatus.Of(id, alerts, suppressions, time.GetUtcNow()),
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

    private static SensorRow Row(string sensorId, AlertRecord[] alerts, AlertSuppression[] suppressions, DateTimeOffset now) =>
        new(sensorId, SensorStatus.Of(sensorId, alerts, suppressions, now), alerts.FirstOrDefault());

    private sealed record SensorRow(string SensorId, string Status, AlertRecord? LastAlert);
}
