using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace StreamRnn.WebConsole.Auth;

/// <summary>Reads the <c>Authorization: Bearer …</c> header.</summary>
internal static class BearerToken
{
    private const string Prefix = "Bearer ";

    public static string? From(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        return header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && header.Length > Prefix.Length ? header[Prefix.Length..].Trim() : null;
    }

    /// <summary>A JWT is three base64url parts joined by dots; configured tokens are told apart by that.</summary>
    public static bool LooksLikeJwt(string token) => token.Count(c => c == '.') == 2;
}
