using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace StreamRnn.WebConsole.Api;

/// <summary><c>GET /api/info</c>: the mode (production or development, open or not) and who the caller is.</summary>
internal static class InfoEndpoints
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/info", (ClaimsPrincipal user, WebConsoleMode mode, IOptions<WebConsoleOptions> options) => ConsoleJson.Ok(new
        {
            production = mode.Production,
            open = !mode.RequiresAuthentication,
            user = ConsoleUser.Name(user),
            role = ConsoleUser.Role(user),
            refreshMilliseconds = (int)options.Value.RefreshInterval.TotalMilliseconds,
            modelGroup = options.Value.ModelGroup,
        }));
}
