using System.Net;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace StreamRnn.WebConsole.Tests;

/// <summary>The console's API in production mode, without a browser: no token, the viewer and operator roles, the OIDC (JWT) hook.</summary>
public sealed class ConsoleAuthTests(ProductionConsoleFixture fixture) : IClassFixture<ProductionConsoleFixture>
{
    private const string Ack = "{\"reason\":\"checking\"}";

    [Fact]
    public async Task Api_ProductionWithoutToken_Returns401ButServesThePage()
    {
        var ct = TestContext.Current.CancellationToken;
        foreach (var path in new[] { "api/info", "api/alerts", "api/sensors", "api/models", "api/cluster", "api/events" })
        {
            using var none = await fixture.Silo.SendAsync(HttpMethod.Get, path, token: null, ct);
            using var wrong = await fixture.Silo.SendAsync(HttpMethod.Get, path, "not-a-configured-token-at-all", ct);
            Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (none.StatusCode, wrong.StatusCode));
        }

        using var page = await fixture.Silo.SendAsync(HttpMethod.Get, "", token: null, ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Api_ViewerToken_ReadsButCannotActReturns403()
    {
        var ct = TestContext.Current.CancellationToken;
        var alert = await OpenAlertAsync(ProductionConsoleFixture.Sensors[0], ct);
        using var info = await fixture.Silo.SendAsync(HttpMethod.Get, "api/info", ProductionConsoleFixture.ViewerToken, ct);
        using var ack = await fixture.Silo.SendAsync(HttpMethod.Post, $"api/alerts/{alert}/acknowledge", ProductionConsoleFixture.ViewerToken, ct, Ack);
        using var rollback = await fixture.Silo.SendAsync(HttpMethod.Post, "api/models/rollback", ProductionConsoleFixture.ViewerToken, ct, Ack);
        using var suppress = await fixture.Silo.SendAsync(HttpMethod.Post, "api/suppressions", ProductionConsoleFixture.ViewerToken, ct, "{\"sensorId\":\"x\",\"minutes\":5}");
        Assert.Equal(HttpStatusCode.OK, info.StatusCode);
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (ack.StatusCode, rollback.StatusCode, suppress.StatusCode));
        using var body = JsonDocument.Parse(await info.Content.ReadAsStringAsync(ct));
        Assert.Equal(("vera", "viewer", false), (body.RootElement.GetProperty("user").GetString(), body.RootElement.GetProperty("role").GetString(), body.RootElement.GetProperty("open").GetBoolean()));
        Assert.Equal("open", await StateAsync(alert, ct));
    }

    [Fact]
    public async Task Api_OperatorToken_AcknowledgesAsTheTokenNameAndNeverLogsTheToken()
    {
        var ct = TestContext.Current.CancellationToken;
        var alert = await OpenAlertAsync(ProductionConsoleFixture.Sensors[1], ct);
        using var ack = await fixture.Silo.SendAsync(HttpMethod.Post, $"api/alerts/{alert}/acknowledge", ProductionConsoleFixture.OperatorToken, ct, Ack);
        var answer = await ack.Content.ReadAsStringAsync(ct);
        Assert.True(ack.StatusCode == HttpStatusCode.OK, answer);
        using var record = JsonDocument.Parse(answer);
        Assert.Equal(("acknowledged", "olga"), (record.RootElement.GetProperty("state").GetString(), record.RootElement.GetProperty("acknowledged").GetProperty("by").GetString()));
        using var again = await fixture.Silo.SendAsync(HttpMethod.Post, $"api/alerts/{alert}/acknowledge", ProductionConsoleFixture.OperatorToken, ct, Ack);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.DoesNotContain(ProductionConsoleFixture.OperatorToken, fixture.Silo.Process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(ProductionConsoleFixture.ViewerToken, fixture.Silo.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_OidcJwt_RoleClaimMapsToViewerAndOperator()
    {
        var ct = TestContext.Current.CancellationToken;
        var alert = await OpenAlertAsync(ProductionConsoleFixture.Sensors[2], ct);
        var viewer = Jwt("vic", ProductionConsoleFixture.ViewerClaim, ProductionConsoleFixture.SigningKey);
        var operatorJwt = Jwt("ines", ProductionConsoleFixture.OperatorClaim, ProductionConsoleFixture.SigningKey);
        var forged = Jwt("mallory", ProductionConsoleFixture.OperatorClaim, [.. Enumerable.Repeat((byte)1, 32)]);

        using var read = await fixture.Silo.SendAsync(HttpMethod.Get, "api/alerts", viewer, ct);
        using var refused = await fixture.Silo.SendAsync(HttpMethod.Post, $"api/alerts/{alert}/resolve", viewer, ct, Ack);
        using var bad = await fixture.Silo.SendAsync(HttpMethod.Post, $"api/alerts/{alert}/resolve", forged, ct, Ack);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized), (read.StatusCode, refused.StatusCode, bad.StatusCode));

        using var resolve = await fixture.Silo.SendAsync(HttpMethod.Post, $"api/alerts/{alert}/resolve", operatorJwt, ct, Ack);
        var answer = await resolve.Content.ReadAsStringAsync(ct);
        Assert.True(resolve.StatusCode == HttpStatusCode.OK, answer);
        using var record = JsonDocument.Parse(answer);
        Assert.Equal(("resolved", "ines"), (record.RootElement.GetProperty("state").GetString(), record.RootElement.GetProperty("resolved").GetProperty("by").GetString()));
    }

    [Fact]
    public async Task Api_OperatorRollbackWithoutEarlierVersion_Returns409WithTheRegistryReason()
    {
        var ct = TestContext.Current.CancellationToken;
        using var models = await fixture.Silo.SendAsync(HttpMethod.Get, "api/models", ProductionConsoleFixture.ViewerToken, ct);
        using var rollback = await fixture.Silo.SendAsync(HttpMethod.Post, "api/models/rollback", ProductionConsoleFixture.OperatorToken, ct, "{\"reason\":\"test\"}");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Conflict), (models.StatusCode, rollback.StatusCode));
        Assert.Contains("no earlier served version to roll back to", await rollback.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        using var versions = JsonDocument.Parse(await models.Content.ReadAsStringAsync(ct));
        Assert.Equal("active", versions.RootElement.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("version").GetInt32() == 1).GetProperty("status").GetString());
    }

    private static string Jwt(string name, string role, byte[] key) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = ProductionConsoleFixture.Issuer,
            Audience = ProductionConsoleFixture.Audience,
            Expires = DateTime.UtcNow.AddMinutes(10),
            Claims = new Dictionary<string, object> { ["name"] = name, ["roles"] = new[] { role } },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });

    /// <summary>The id of the sensor's out-of-range alert, once it is listed (the operator token reads it).</summary>
    private async Task<string> OpenAlertAsync(string sensor, CancellationToken cancellationToken) =>
        await Poll.UntilAsync($"the out-of-range alert of {sensor}", async () =>
        {
            using var response = await fixture.Silo.SendAsync(HttpMethod.Get, $"api/alerts?sensor={sensor}", ProductionConsoleFixture.OperatorToken, cancellationToken);
            using var alerts = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return alerts.RootElement.EnumerateArray().Select(a => a.GetProperty("alertId").GetString()).FirstOrDefault();
        }, cancellationToken);

    private async Task<string?> StateAsync(string alertId, CancellationToken cancellationToken)
    {
        using var response = await fixture.Silo.SendAsync(HttpMethod.Get, "api/alerts?limit=1000", ProductionConsoleFixture.OperatorToken, cancellationToken);
        using var alerts = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return alerts.RootElement.EnumerateArray().Where(a => a.GetProperty("alertId").GetString() == alertId).Select(a => a.GetProperty("state").GetString()).Single();
    }
}
