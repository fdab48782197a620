using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using StackExchange.Redis;
using StreamRnn.Contracts;

namespace StreamRnn.Client;

/// <summary>Connects to a StreamRnn cluster (a localhost gateway, or every silo through Redis membership) with the alerts stream provider.</summary>
public static class StreamRnnClusterClient
{
    public const int DefaultGatewayPort = 30000;

    /// <summary>How often a client connected through Redis re-reads the gateway list (Orleans' default is a minute).</summary>
    private static readonly TimeSpan GatewayListRefreshPeriod = TimeSpan.FromSeconds(10);

    /// <summary>Starts a client host connected to the gateway of a silo on this machine; dispose it to disconnect.</summary>
    public static Task<IHost> ConnectAsync(int gatewayPort = DefaultGatewayPort, CancellationToken cancellationToken = default) =>
        ConnectAsync(StreamRnnClusterConnection.Localhost(gatewayPort), cancellationToken);

    /// <summary>Starts a client host connected to the cluster as <paramref name="connection"/> says; dispose it to disconnect.</summary>
    public static async Task<IHost> ConnectAsync(StreamRnnClusterConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client =>
        {
            if (string.IsNullOrWhiteSpace(connection.RedisConnectionString))
            {
                client.UseLocalhostClustering(connection.GatewayPort);
            }
            else
            {
                client.Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = connection.ClusterId;
                    options.ServiceId = connection.ServiceId;
                });
                client.UseRedisClustering(options => options.ConfigurationOptions = ConfigurationOptions.Parse(connection.RedisConnectionString));
                client.Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = GatewayListRefreshPeriod);
            }

            if (connection.Tls is { } certificates)
            {
                client.UseStreamRnnTls(certificates);
            }

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
