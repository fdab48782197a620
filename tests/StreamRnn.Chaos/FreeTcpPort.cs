using System.Net;
using System.Net.Sockets;

namespace StreamRnn.Chaos;

/// <summary>Free TCP ports on the loopback interface.</summary>
internal static class FreeTcpPort
{
    /// <summary>Ports that were free a moment ago, all different (the caller binds them soon after).</summary>
    public static int[] Take(int count)
    {
        var listeners = new List<TcpListener>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return [.. listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
                listener.Dispose();
            }
        }
    }
}
