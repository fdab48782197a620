using System.Security.Claims;

namespace StreamRnn.WebConsole.Auth;

/// <summary>Maps an identity provider's role claim values to the console's roles (an identity of its own beside the token's).</summary>
internal static class OidcRoleMapping
{
    public static void Apply(ClaimsPrincipal principal, WebConsoleOidcOptions oidc)
    {
        var values = principal.FindAll(oidc.RoleClaim).Select(claim => claim.Value).ToHashSet(StringComparer.Ordinal);
        var roles = new List<Claim>();
        if (values.Contains(oidc.OperatorValue))
        {
            roles.Add(new Claim(ClaimTypes.Role, WebConsoleRoles.Operator));
        }

        if (values.Contains(oidc.ViewerValue))
        {
            roles.Add(new Claim(ClaimTypes.Role, WebConsoleRoles.Viewer));
        }

        principal.AddIdentity(new ClaimsIdentity(roles));
    }
}
