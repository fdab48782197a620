namespace StreamRnn.WebConsole;

/// <summary>
/// The OpenID Connect hook (section <c>Console:Oidc</c>): JWT bearer tokens issued by <see cref="Authority"/> (keys from its
/// discovery document), or signed with <see cref="SigningKey"/> (a shared HMAC key, for identity providers without
/// discovery and for tests). The role claim's values map to the console's roles.
/// </summary>
public sealed class WebConsoleOidcOptions
{
    private const string DefaultRoleClaim = "roles";
    private const string DefaultNameClaim = "name";

    /// <summary>The issuer's base address (https), e.g. <c>https://login.example.com/realms/ops</c>.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must name (required with <see cref="Authority"/> or <see cref="SigningKey"/>).</summary>
    public string? Audience { get; set; }

    /// <summary>The issuer tokens must name (required with <see cref="SigningKey"/>; from discovery with <see cref="Authority"/>).</summary>
    public string? Issuer { get; set; }

    /// <summary>Base64 of an HMAC-SHA256 key of at least 32 bytes; instead of discovery.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The claim that carries roles (default <c>roles</c>).</summary>
    public string RoleClaim { get; set; } = DefaultRoleClaim;

    /// <summary>The claim that names the user (default <c>name</c>).</summary>
    public string NameClaim { get; set; } = DefaultNameClaim;

    /// <summary>The role claim's value that grants <c>operator</c>.</summary>
    public string OperatorValue { get; set; } = WebConsoleRoles.Operator;

    /// <summary>The role claim's value that grants <c>viewer</c>.</summary>
    public string ViewerValue { get; set; } = WebConsoleRoles.Viewer;

    /// <summary>Fetch discovery over https only (default true).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(SigningKey);
}
