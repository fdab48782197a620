using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using StreamRnn.Contracts;

namespace StreamRnn.WebConsole.Api;

/// <summary>
/// <c>GET /api/alerts?state=&amp;kind=&amp;sensor=&amp;limit=</c> and <c>GET /api/suppressions</c> (viewer); <c>POST
/// /api/alerts/{id}/acknowledge</c>, <c>…/resolve</c> and <c>POST /api/suppressions</c> (operator), through the alert
/// index grains as the CLI does; <c>POST /api/suppressions/lift</c> (operator) lifts one, <c>GET /api/suppressions/lifted</c>
/// lists those lifted last. A refused transition answers 409 with the grain's reason.
/// </summary>
internal static class AlertEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/alerts", async (AlertState? state, AlertKind? kind, string? sensor, int? limit, IGrainFactory grains, CancellationToken cancellationToken) =>
            ConsoleJson.Ok(await grains.ListAlertsAsync(new AlertQuery(state, string.IsNullOrEmpty(sensor) ? null : sensor, kind, Math.Clamp(limit ?? 200, 1, 1_000)), cancellationToken)));

        api.MapGet("/suppressions", async (IGrainFactory grains, CancellationToken cancellationToken) => ConsoleJson.Ok(await grains.ListSuppressionsAsync(cancellationToken)));

        api.MapPost("/alerts/{id}/acknowledge", (string id, ConsoleActionRequest request, ClaimsPrincipal user, IGrainFactory grains, CancellationToken cancellationToken) =>
            TransitionAsync(() => grains.AcknowledgeAsync(id, ConsoleUser.Name(user), Reason(request.Reason), cancellationToken)))
            .RequireAuthorization(WebConsoleRoles.OperatePolicy);

        api.MapPost("/alerts/{id}/resolve", (string id, ConsoleActionRequest request, ClaimsPrincipal user, IGrainFactory grains, CancellationToken cancellationToken) =>
            TransitionAsync(() => grains.ResolveAsync(id, ConsoleUser.Name(user), Reason(request.Reason), cancellationToken)))
            .RequireAuthorization(WebConsoleRoles.OperatePolicy);

        api.MapPost("/suppressions", async (ConsoleSuppressRequest request, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time, CancellationToken cancellationToken) =>
        {
            if ((string.IsNullOrWhiteSpace(request.SensorId) && request.Kind is null) || request.Minutes is <= 0 or > 7 * 24 * 60)
            {
                return ConsoleJson.Problem(StatusCodes.Status400BadRequest, "A suppression names a sensor, a kind or both, for 1 minute to 7 days.");
            }

            var now = time.GetUtcNow();
            var suppression = new AlertSuppression(
                string.IsNullOrWhiteSpace(request.SensorId) ? null : request.SensorId, request.Kind, now.AddMinutes(request.Minutes), new AlertAction(ConsoleUser.Name(user), Reason(request.Reason), now));
            await grains.SuppressAsync(suppression, cancellationToken);
            return ConsoleJson.Ok(suppression);
        }).RequireAuthorization(WebConsoleRoles.OperatePolicy);

        MapLift(api);
    }

    private static void MapLift(RouteGroupBuilder api)
    {
        api.MapGet("/suppressions/lifted", async (IGrainFactory grains, CancellationToken cancellationToken) => ConsoleJson.Ok(await grains.ListLiftedSuppressionsAsync(cancellationToken)));

        api.MapPost("/suppressions/lift", async (ConsoleLiftRequest request, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time, CancellationToken cancellationToken) =>
        {
            if (!request.TryKind(out var kind) || (string.IsNullOrWhiteSpace(request.SensorId) && kind is null))
            {
                return ConsoleJson.Problem(StatusCodes.Status400BadRequest, "Name the suppression's sensor, kind (an alert kind) or both.");
            }

            var lifted = new AlertAction(ConsoleUser.Name(user), Reason(request.Reason), time.GetUtcNow());
            var sensorId = string.IsNullOrWhiteSpace(request.SensorId) ? null : request.SensorId;
            return await grains.UnsuppressAsync(sensorId, kind, lifted, cancellationToken) is { } suppression
                ? ConsoleJson.Ok(suppression)
                : ConsoleJson.Problem(StatusCodes.Status404NotFound, "No suppression in force has that target.");
        }).RequireAuthorization(WebConsoleRoles.OperatePolicy);
    }

    private static string Reason(string? reason) => string.IsNullOrWhiteSpace(reason) ? "from the console" : reason.Trim();

    private static async Task<IResult> TransitionAsync(Func<Task<AlertRecord>> transition)
    {
        try
        {
            return ConsoleJson.Ok(await transition());
        }
        catch (InvalidOperationException exception)
        {
            return ConsoleJson.Problem(StatusCodes.Status409Conflict, exception.Message);
        }
    }
}
