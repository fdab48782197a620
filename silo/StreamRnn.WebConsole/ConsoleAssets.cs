using System.Collections.Frozen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace StreamRnn.WebConsole;

/// <summary>
/// The page's files, embedded in this assembly (wwwroot/): served from memory with their content type; no data in them,
/// so anyone may load them (the API asks who you are). Nothing is fetched from elsewhere.
/// </summary>
internal static class ConsoleAssets
{
    private const string Prefix = "wwwroot/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary();

    private static readonly Lazy<FrozenDictionary<string, byte[]>> Files = new(Load);

    /// <summary>
    /// Maps <c>/</c> and <c>/console/{file}</c>. The Orleans dashboard (on a port of its own) also answers <c>/</c>: this
    /// endpoint wins the route and, on <paramref name="dashboardPort"/>, sends the browser to the dashboard's page.
    /// </summary>
    public static void Map(IEndpointRouteBuilder endpoints, int? dashboardPort)
    {
        endpoints.MapGet("/", (HttpContext context) => context.Connection.LocalPort == dashboardPort ? Results.Redirect("/index.html") : Serve("index.html"))
            .WithOrder(-1).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapGet("/console/{file}", (string file) => Serve(file)).AllowAnonymous().ExcludeFromDescription();
    }

    private static IResult Serve(string file) =>
        Files.Value.TryGetValue(file, out var bytes) && ContentTypes.TryGetValue(Path.GetExtension(file), out var type)
            ? Results.Bytes(bytes, type)
            : Results.NotFound();

    private static FrozenDictionary<string, byte[]> Load()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[name[Prefix.Length..]] = copy.ToArray();
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
