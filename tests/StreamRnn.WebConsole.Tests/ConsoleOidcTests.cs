using System.Net;
using System.Security.Cryptography;
using System.Text.Json;

namespace StreamRnn.WebConsole.Tests;

/// <summary>
/// The OpenID Connect hook against a real issuer (<see cref="OidcIssuer"/>: discovery document and JWKS over HTTP, RS256
/// tokens): a viewer token reads but cannot act, an operator token acts under its name, and a token that is unsigned,
/// signed with another key (under the same key id) or made for another audience is refused.
/// </summary>
public sealed class ConsoleOidcTests(OidcConsoleFixture fixture) : IClassFixture<OidcConsoleFixture>
{
    private const string Suppress = "{\"sensorId\":\"oidc-sensor\",\"minutes\":5,\"reason\":\"checking\"}";

    [Fact]
    public async Task Api_IssuerViewerToken_ReadsButCannotAct()
    {
        var ct = TestContext.Current.CancellationToken;
        var viewer = fixture.Issuer.Token("vic", "viewer", OidcConsoleFixture.Audience);

        using var info = await fixture.Silo.SendAsync(HttpMethod.Get, "api/info", viewer, ct);
        using var sensors = await fixture.Silo.SendAsync(HttpMethod.Get, "api/sensors", viewer, ct);
        using var suppress = await fixture.Silo.SendAsync(HttpMethod.Post, "api/suppressions", viewer, ct, Suppress);
        using var lift = await fixture.Silo.SendAsync(HttpMethod.Post, "api/suppressions/lift", viewer, ct, "{\"sensorId\":\"oidc-sensor\"}");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (info.StatusCode, sensors.StatusCode));
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (suppress.StatusCode, lift.StatusCode));
        using var body = JsonDocument.Parse(await info.Content.ReadAsStringAsync(ct));
        Assert.Equal(("vic", "viewer"), (body.RootElement.GetProperty("user").GetString(), body.RootElement.GetProperty("role").GetString()));
        Assert.True(fixture.Issuer.JwksRequests > 0, "the silo never fetched the issuer's JWKS");
    }

    [Fact]
    public async Task Api_IssuerOperatorToken_SuppressesAndLiftsUnderItsName()
    {
        var ct = TestContext.Current.CancellationToken;
        var operatorToken = fixture.Issuer.Token("ines", "operator", OidcConsoleFixture.Audience);

        using var suppress = await fixture.Silo.SendAsync(HttpMethod.Post, "api/suppressions", operatorToken, ct, Suppress);
        var made = await suppress.Content.ReadAsStringAsync(ct);
        using var lift = await fixture.Silo.SendAsync(HttpMethod.Post, "api/suppressions/lift", operatorToken, ct, "{\"sensorId\":\"oidc-sensor\",\"reason\":\"done\"}");
        var lifted = await lift.Content.ReadAsStringAsync(ct);

        Assert.True(suppress.StatusCode == HttpStatusCode.OK, made);
        Assert.True(lift.StatusCode == HttpStatusCode.OK, lifted);
        using var madeJson = JsonDocument.Parse(made);
        using var liftedJson = JsonDocument.Parse(lifted);
        Assert.Equal("ines", madeJson.RootElement.GetProperty("made").GetProperty("by").GetString());
        Assert.Equal(("ines", "done"), (liftedJson.RootElement.GetProperty("lifted").GetProperty("by").GetString(), liftedJson.RootElement.GetProperty("lifted").GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Api_UnsignedForeignKeyOrOtherAudienceToken_Returns401()
    {
        var ct = TestContext.Current.CancellationToken;
        using var forger = RSA.Create(2048);
        var unsigned = fixture.Issuer.Token("mallory", "operator", OidcConsoleFixture.Audience, unsigned: true);
        var foreignKey = fixture.Issuer.Token("mallory", "operator", OidcConsoleFixture.Audience, OidcIssuer.Credentials(forger));
        var otherAudience = fixture.Issuer.Token("mallory", "operator", "another-app");

        foreach (var token in new[] { unsigned, foreignKey, otherAudience })
        {
            using var read = await fixture.Silo.SendAsync(HttpMethod.Get, "api/info", token, ct);
            using var act = await fixture.Silo.SendAsync(HttpMethod.Post, "api/suppressions", token, ct, Suppress);
            Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (read.StatusCode, act.StatusCode));
        }

        Assert.Equal(2, unsigned.Count(c => c == '.'));
    }
}
