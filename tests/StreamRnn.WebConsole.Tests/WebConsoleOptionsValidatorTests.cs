namespace StreamRnn.WebConsole.Tests;

/// <summary>The <c>Console</c> settings checked at start: each failure names its setting and never shows a token.</summary>
public sealed class WebConsoleOptionsValidatorTests
{
    private const string Secret = "a-secret-token-of-some-length";

    [Fact]
    public void Validate_ProductionWithoutTokensOrOidc_Succeeds() => Assert.Equal("", Validate(production: true, new WebConsoleOptions()));

    [Fact]
    public void Validate_DevelopmentWithoutTokens_Succeeds() => Assert.Equal("", Validate(production: false, new WebConsoleOptions()));

    [Fact]
    public void Validate_ProductionWithAuthenticationTurnedOff_Fails() =>
        Assert.Contains("Console:RequireAuthentication cannot be false", Validate(production: true, new WebConsoleOptions { RequireAuthentication = false, Tokens = [Token("a", Secret, "viewer")] }), StringComparison.Ordinal);

    [Fact]
    public void Validate_BadTokens_NamesEachWithoutShowingTheToken()
    {
        var result = Validate(production: true, new WebConsoleOptions { Tokens = [Token("a", Secret, "admin"), Token("", "short", "viewer"), Token("c", Secret, "operator")] });
        Assert.Contains("Console:Tokens:0:Role must be 'viewer' or 'operator'", result, StringComparison.Ordinal);
        Assert.Contains("Console:Tokens:1:Name must not be empty", result, StringComparison.Ordinal);
        Assert.Contains("Console:Tokens:1:Token must be at least 16 characters", result, StringComparison.Ordinal);
        Assert.Contains("Console:Tokens:2:Token is the same as Console:Tokens:0:Token", result, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OidcIncomplete_NamesTheMissingSettings()
    {
        var result = Validate(production: true, new WebConsoleOptions { Oidc = new WebConsoleOidcOptions { SigningKey = "c2hvcnQ=", Authority = "http://idp.example" } });
        Assert.Contains("Console:Oidc:SigningKey must be base64 of at least 32 bytes", result, StringComparison.Ordinal);
        Assert.Contains("Console:Oidc:Issuer must be set", result, StringComparison.Ordinal);
        Assert.Contains("Console:Oidc:Audience must be set", result, StringComparison.Ordinal);
        Assert.Contains("Console:Oidc:Authority must be an absolute https address", result, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RefreshIntervalOutOfRange_Fails() =>
        Assert.Contains("Console:RefreshInterval", Validate(production: false, new WebConsoleOptions { RefreshInterval = TimeSpan.FromMinutes(5) }), StringComparison.Ordinal);

    [Theory]
    [InlineData(100)]
    [InlineData(120_000)]
    public void Validate_ClusterStatusIntervalOutOfRange_Fails(int milliseconds) =>
        Assert.Contains("Console:ClusterStatusInterval must be between", Validate(production: false, new WebConsoleOptions { ClusterStatusInterval = TimeSpan.FromMilliseconds(milliseconds) }), StringComparison.Ordinal);

    private static WebConsoleToken Token(string name, string token, string role) => new() { Name = name, Token = token, Role = role };

    private static string Validate(bool production, WebConsoleOptions options)
    {
        var result = new WebConsoleOptionsValidator(new WebConsoleMode(production, production || options.RequireAuthentication == true)).Validate(null, options);
        return result.Failed ? string.Join(" ", result.Failures) : "";
    }
}
