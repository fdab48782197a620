using System.ComponentModel.DataAnnotations;

namespace StreamRnn.Hosting;

/// <summary>
/// The Orleans Dashboard (<c>Microsoft.Orleans.Dashboard</c>) on the silo. Section <c>Dashboard</c>. On by default only in
/// development (the Development environment without <c>Cluster:Redis:ConnectionString</c>); never on in production unless
/// <c>Dashboard:Enabled=true</c>: it has no authentication and shows grain state.
/// </summary>
public sealed class SiloDashboardOptions
{
    public const string SectionName = "Dashboard";

    private const int DefaultPort = 8089;

    /// <summary>True or false turns the dashboard on or off; unset: on only in development (see the class).</summary>
    public bool? Enabled { get; set; }

    /// <summary>The port the dashboard is served on (at <c>/</c>), on the same host as the health endpoints. Default 8089.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = DefaultPort;

    /// <summary>Whether the dashboard runs: <see cref="Enabled"/> when set, else development without Redis.</summary>
    public bool IsEnabled(bool development, bool usesRedis) => Enabled ?? (development && !usesRedis);

    /// <summary>
    /// The URL the dashboard listens at: the first of <paramref name="urls"/> (the health endpoints' <c>Urls</c>, e.g.
    /// <c>http://+:8088</c>) with <see cref="Port"/> instead of its port.
    /// </summary>
    public string Url(string? urls)
    {
        var first = (urls ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "http://localhost:8088";
        var address = Microsoft.AspNetCore.Http.BindingAddress.Parse(first);
        return $"{address.Scheme}://{address.Host}:{Port}";
    }

    /// <summary>The port of the first of <paramref name="urls"/>, or null when it has none.</summary>
    public static int? FirstPort(string? urls)
    {
        var first = (urls ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return first is null ? null : Microsoft.AspNetCore.Http.BindingAddress.Parse(first).Port;
    }
}
