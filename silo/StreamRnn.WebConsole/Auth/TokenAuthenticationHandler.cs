using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace StreamRnn.WebConsole.Auth;

/// <summary>
/// Accepts the bearer tokens of <c>Console:Tokens</c>, compared in constant time (as SHA-256 digests); the principal is
/// the token's name with its role. Logs which token name signed in or that a token was refused, never a token.
/// </summary>
internal sealed partial class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptions<WebConsoleOptions> console)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    private readonly ILogger _log = loggerFactory.CreateLogger<TokenAuthenticationHandler>();

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken.From(Request) is not { } presented)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        WebConsoleToken? match = null;
        foreach (var token in console.Value.Tokens)
        {
            // Every configured token is compared, so the time taken does not tell which one nearly matched.
            if (CryptographicOperations.FixedTimeEquals(digest, SHA256.HashData(Encoding.UTF8.GetBytes(token.Token))))
            {
                match = token;
            }
        }

        if (match is null)
        {
            LogRefused(_log, Request.Path);
            return Task.FromResult(AuthenticateResult.Fail("Unknown console token."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, match.Name), new Claim(ClaimTypes.Role, match.Role)], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Console: a bearer token that is not configured was refused on {Path}")]
    private static partial void LogRefused(ILogger logger, PathString path);
}
