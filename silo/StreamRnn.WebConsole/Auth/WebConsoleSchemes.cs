namespace StreamRnn.WebConsole.Auth;

/// <summary>The console's authentication schemes (none is the application's default).</summary>
public static class WebConsoleSchemes
{
    /// <summary>Picks <see cref="Token"/> or <see cref="Oidc"/> by the bearer token's shape (a JWT has two dots).</summary>
    public const string Console = "StreamRnnConsole";

    /// <summary>The configured bearer tokens.</summary>
    public const string Token = "StreamRnnConsoleToken";

    /// <summary>JWT bearer tokens from the OpenID Connect provider.</summary>
    public const string Oidc = "StreamRnnConsoleOidc";

    /// <summary>Development mode: everyone is the operator "development".</summary>
    public const string Open = "StreamRnnConsoleOpen";
}
