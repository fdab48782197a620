using System.CommandLine;
using StreamRnn.Client;

namespace StreamRnn.Cli.Commands;

/// <summary>
/// Options every command that talks to the cluster shares: <c>--gateway-port</c> for a silo on this machine,
/// or <c>--redis</c> (with <c>--cluster-id</c> and <c>--service-id</c>) for a cluster in production mode.
/// Make one per command and <see cref="AddTo"/> it.
/// </summary>
internal sealed class CommonOptions
{
    public Option<int> GatewayPort { get; } = new("--gateway-port")
    {
        Description = "Orleans gateway port of a silo on this machine (ignored with --redis).",
        DefaultValueFactory = _ => StreamRnnClusterClient.DefaultGatewayPort,
    };

    public Option<string?> Redis { get; } = new("--redis")
    {
        Description = "Connect through the cluster's Redis membership: the silos' Cluster:Redis:ConnectionString (e.g. 127.0.0.1:6379).",
    };

    public Option<string> ClusterId { get; } = new("--cluster-id")
    {
        Description = "The silos' Cluster:ClusterId (with --redis).",
        DefaultValueFactory = _ => StreamRnnClusterConnection.DefaultId,
    };

    public Option<string> ServiceId { get; } = new("--service-id")
    {
        Description = "The silos' Cluster:ServiceId (with --redis).",
        DefaultValueFactory = _ => StreamRnnClusterConnection.DefaultId,
    };

    /// <summary>Adds the four options to <paramref name="command"/> and returns it.</summary>
    public Command AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(GatewayPort);
        command.Options.Add(Redis);
        command.Options.Add(ClusterId);
        command.Options.Add(ServiceId);
        return command;
    }

    /// <summary>Where the parsed command line says the cluster is.</summary>
    public StreamRnnClusterConnection Connection(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var redis = parse.GetValue(Redis);
        return string.IsNullOrWhiteSpace(redis)
            ? StreamRnnClusterConnection.Localhost(parse.GetValue(GatewayPort))
            : StreamRnnClusterConnection.Redis(redis, parse.GetValue(ClusterId)!, parse.GetValue(ServiceId)!);
    }
}
