using System.Security.Claims;

namespace StreamRnn.WebConsole.Api;

/// <summary>Who is calling: recorded as "by" on the actions taken through the console.</summary>
internal static class ConsoleUser
{
    public static string Name(ClaimsPrincipal user) => user.Identity?.Name is { Length: > 0 } name ? name : "console";

    public static string Role(ClaimsPrincipal user) =>
        user.IsInRole(WebConsoleRoles.Operator) ? WebConsoleRoles.Operator : user.IsInRole(WebConsoleRoles.Viewer) ? WebConsoleRoles.Viewer : "none";
}
