using System.ComponentModel.DataAnnotations;

namespace StreamRnn.Silo.Startup;

/// <summary>Ports of a silo clustered on localhost (the default, single-machine mode). Section <c>Cluster</c>.</summary>
public sealed class LocalClusterOptions
{
    public const string SectionName = "Cluster";

    private const int DefaultSiloPort = 11111;
    private const int DefaultGatewayPort = 30000;

    /// <summary>Silo-to-silo port.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = DefaultSiloPort;

    /// <summary>Client gateway port (what <c>streamrnn --gateway-port</c> connects to).</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = DefaultGatewayPort;
}
