using System.CommandLine;
using StreamRnn.Client;

namespace StreamRnn.Cli.Commands;

/// <summary>Options every command that talks to the cluster shares.</summary>
internal static class CommonOptions
{
    public static Option<int> GatewayPort() => new("--gateway-port")
    {
        Description = "Orleans gateway port of a silo on this machine.",
        DefaultValueFactory = _ => StreamRnnClusterClient.DefaultGatewayPort,
    };
}
