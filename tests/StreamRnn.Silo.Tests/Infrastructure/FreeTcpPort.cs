using System.Net;
using System.Net.Sockets;

namespace StreamRnn.Silo.Tests.Infrastructure;

/// <summary>Free TCP ports on the loopback interface.</summary>
internal static class FreeTcpPort
{
    /// <summary>A port that was free a moment ago (the caller binds it soon after).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
