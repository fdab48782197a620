namespace StreamRnn.WebConsole.Tests;

/// <summary>
/// A silo whose console requires authentication (<c>Console:RequireAuthentication=true</c>) and trusts only the
/// <see cref="OidcIssuer"/> the fixture starts: <c>Console:Oidc:Authority</c> is its http address
/// (<c>RequireHttpsMetadata=false</c>), so the silo's keys come from its discovery document and JWKS.
/// </summary>
public sealed class OidcConsoleFixture : IAsyncLifetime
{
    public const string Audience = "streamrnn-console";

    private OidcIssuer? _issuer;
    private ConsoleSilo? _silo;

    internal OidcIssuer Issuer => _issuer ?? throw new InvalidOperationException("Not started.");

    internal ConsoleSilo Silo => _silo ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _issuer = await OidcIssuer.StartAsync(ct);
        _silo = await ConsoleSilo.StartAsync(
        [
            "--Demo:Enabled=false", "--Console:RequireAuthentication=true",
            $"--Console:Oidc:Authority={_issuer.Authority}", $"--Console:Oidc:Audience={Audience}", "--Console:Oidc:RequireHttpsMetadata=false",
        ], ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        if (_issuer is not null)
        {
            await _issuer.DisposeAsync();
        }
    }
}
