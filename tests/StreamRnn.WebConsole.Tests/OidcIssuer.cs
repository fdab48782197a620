using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using StreamRnn.Silo.Tests.Infrastructure;

namespace StreamRnn.WebConsole.Tests;

/// <summary>
/// A real OpenID Connect issuer for the tests: a Kestrel on a free loopback port serving a discovery document
/// (<c>/.well-known/openid-configuration</c>) and its JWKS (<c>/jwks</c>, the public half of an RSA key it holds), and
/// signing JWTs with that key (RS256). It counts the JWKS requests, so a test can tell the keys were fetched.
/// </summary>
internal sealed class OidcIssuer : IAsyncDisposable
{
    private const string KeyId = "streamrnn-test-key";

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly WebApplication _app;
    private int _jwksRequests;

    private OidcIssuer(WebApplication app, string authority)
    {
        _app = app;
        Authority = authority;
    }

    /// <summary>The issuer's address: <c>Console:Oidc:Authority</c> and the tokens' <c>iss</c>.</summary>
    public string Authority { get; }

    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    public static async Task<OidcIssuer> StartAsync(CancellationToken cancellationToken)
    {
        var port = FreeTcpPort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var issuer = new OidcIssuer(app, $"http://127.0.0.1:{port}");
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer.Authority,
            ["jwks_uri"] = $"{issuer.Authority}/jwks",
            ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha256 },
        }));
        app.MapGet("/jwks", () =>
        {
            Interlocked.Increment(ref issuer._jwksRequests);
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(issuer._rsa.ExportParameters(includePrivateParameters: false)) { KeyId = KeyId });
            return Results.Json(new Dictionary<string, object>
            {
                ["keys"] = new[] { new Dictionary<string, string> { ["kty"] = jwk.Kty, ["use"] = "sig", ["alg"] = SecurityAlgorithms.RsaSha256, ["kid"] = KeyId, ["n"] = jwk.N, ["e"] = jwk.E } },
            });
        });
        await app.StartAsync(cancellationToken);
        return issuer;
    }

    /// <summary>A token for <paramref name="name"/> with <paramref name="role"/> in its <c>roles</c> claim, signed with this issuer's key (or <paramref name="signWith"/>; none: unsigned).</summary>
    public string Token(string name, string role, string audience, SigningCredentials? signWith = null, bool unsigned = false) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = audience,
            Expires = DateTime.UtcNow.AddMinutes(10),
            Claims = new Dictionary<string, object> { ["name"] = name, ["roles"] = new[] { role } },
            SigningCredentials = unsigned ? null : signWith ?? Credentials(_rsa),
        });

    /// <summary>RS256 credentials of <paramref name="rsa"/> under this issuer's key id (a forger who knows the id).</summary>
    public static SigningCredentials Credentials(RSA rsa) => new(new RsaSecurityKey(rsa) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _rsa.Dispose();
    }
}
