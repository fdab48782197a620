using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using StreamRnn.Contracts;

namespace StreamRnn.Client;

/// <summary>Connects to a StreamRnn cluster (localhost gateway by default) with the alerts stream provider.</summary>
public static class StreamRnnClusterClient
{
    public const int DefaultGatewayPort = 30000;

    /// <summary>Starts a client host connected to the cluster; dispose it to disconnect.</summary>
    public static async Task<IHost> ConnectAsync(int gatewayPort = DefaultGatewayPort, CancellationToken cancellationToken = default)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client =>
        {
            client.UseLocalhostClustering(gatewayPort);
            client.AddMemoryStreams(StreamNames.Provider);
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return host;
    }

    public static IClusterClient Client(this IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Services.GetRequiredService<IClusterClient>();
    }
}
