using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace StreamRnn.WebConsole.Api;

/// <summary><c>GET /api/events</c>: server-sent events (<c>text/event-stream</c>) from <see cref="ConsoleFeed"/>.</summary>
internal static class EventEndpoints
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/events", (ConsoleFeed feed, CancellationToken cancellationToken) => TypedResults.ServerSentEvents(feed.StreamAsync(cancellationToken)));
}
