namespace StreamRnn.WebConsole;

/// <summary>
/// The operator's web console (section <c>Console</c>), served on the silo's HTTP port (<c>Urls</c>) at <c>/</c>, its API
/// under <c>/api</c>. In production mode (<c>Cluster:Redis</c> set) the API requires a configured token or an OpenID
/// Connect (JWT bearer) token; in development it is open unless <see cref="RequireAuthentication"/> is true.
/// </summary>
public sealed class WebConsoleOptions
{
    public const string SectionName = "Console";

    private const int DefaultRefreshMilliseconds = 2_000;
    private const string DefaultGroup = "default";
    private const int DefaultClusterStatusSeconds = 2;

    /// <summary>Serve the console at all (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Require authentication in development too; unset: only in production mode. Cannot be false in production.</summary>
    public bool? RequireAuthentication { get; set; }

    /// <summary>Bearer tokens the console accepts (<c>Console:Tokens:0:Name</c>, <c>…:Token</c>, <c>…:Role</c>).</summary>
    public List<WebConsoleToken> Tokens { get; set; } = [];

    /// <summary>The OpenID Connect hook: JWT bearer tokens from an identity provider.</summary>
    public WebConsoleOidcOptions Oidc { get; set; } = new();

    /// <summary>How often the live feed (<c>/api/events</c>) pushes an update (100 ms to 1 minute).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMilliseconds(DefaultRefreshMilliseconds);

    /// <summary>How often this silo reports its figures to the cluster status grain for the Cluster view (500 ms to 1 minute); a silo that stops reporting drops out after three.</summary>
    public TimeSpan ClusterStatusInterval { get; set; } = TimeSpan.FromSeconds(DefaultClusterStatusSeconds);

    /// <summary>The model group the Models view shows (the coordinator and registry key).</summary>
    public string ModelGroup { get; set; } = DefaultGroup;
}
