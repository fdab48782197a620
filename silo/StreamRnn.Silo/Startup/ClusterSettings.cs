using Microsoft.Extensions.Options;
using StreamRnn.Hosting;

namespace StreamRnn.Silo.Startup;

/// <summary>
/// Reads the <c>Cluster</c> section before the silo is built (clustering is chosen while building), so a bad
/// setting stops the silo with one line on stderr that names it.
/// </summary>
internal static class ClusterSettings
{
    /// <summary>The validated settings, or null after writing why they are invalid.</summary>
    public static StreamRnnClusterOptions? Read(IConfiguration configuration)
    {
        StreamRnnClusterOptions cluster;
        try
        {
            cluster = configuration.GetSection(StreamRnnClusterOptions.SectionName).Get<StreamRnnClusterOptions>() ?? new StreamRnnClusterOptions();
        }
        catch (InvalidOperationException exception)
        {
            // The binder's message names the key: "Failed to convert configuration value at 'Cluster:SiloPort' …".
            Console.Error.WriteLine($"Invalid configuration: {exception.Message}");
            return null;
        }

        var result = new StreamRnnClusterOptionsValidator().Validate(Options.DefaultName, cluster);
        if (result.Failed)
        {
            Console.Error.WriteLine($"Invalid configuration: {string.Join(" ", result.Failures)}");
            return null;
        }

        if (cluster.UsesRedis && cluster.Tls.Disabled)
        {
            Console.Error.WriteLine(
                "WARNING: Cluster:Tls:Disabled=true: production mode WITHOUT TLS. Anyone who reaches the silo or gateway port can join the cluster or call its grains; for development on one machine only.");
        }

        return cluster;
    }
}
