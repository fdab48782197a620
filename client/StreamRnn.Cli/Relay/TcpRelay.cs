using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace StreamRnn.Cli.Relay;

/// <summary>
/// Listens on one fixed address and copies every accepted connection's bytes both ways to a target
/// address, unchanged. <c>streamrnn kafka serve</c> puts one in front of each mock broker, whose own
/// port librdkafka chooses.
/// </summary>
/// <remarks>
/// The listener is bound by <see cref="Bind"/> (so a port in use is found before anything else starts) and
/// accepts from <see cref="Start"/>. When either side of a connection closes or fails, both are closed:
/// Kafka clients reconnect. <see cref="DisposeAsync"/> stops accepting and closes every connection.
/// </remarks>
internal sealed class TcpRelay : IAsyncDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly Socket _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<long, Task> _connections = new();
    private Task _acceptLoop = Task.CompletedTask;
    private long _nextConnection;

    private TcpRelay(Socket listener, IPEndPoint endpoint)
    {
        _listener = listener;
        Endpoint = endpoint;
    }

    /// <summary>The address this relay listens on.</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>Binds and listens on <paramref name="endpoint"/>; connections wait in the backlog until <see cref="Start"/>.</summary>
    /// <exception cref="SocketException">The address cannot be bound, e.g. <see cref="SocketError.AddressAlreadyInUse"/>.</exception>
    public static TcpRelay Bind(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(endpoint);
            listener.Listen(512);
            return new TcpRelay(listener, (IPEndPoint)listener.LocalEndPoint!);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>Starts forwarding accepted connections to <paramref name="target"/>.</summary>
    public void Start(IPEndPoint target)
    {
        ArgumentNullException.ThrowIfNull(target);
        _acceptLoop = AcceptLoopAsync(target, _stopping.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        _listener.Dispose();
        await _acceptLoop;
        await Task.WhenAll(_connections.Values);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(IPEndPoint target, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                // One failed accept (the peer gave up, say) does not stop the relay.
                continue;
            }

            var id = Interlocked.Increment(ref _nextConnection);
            var forwarding = ForwardAsync(client, target, cancellationToken);
            _connections[id] = forwarding;
            // Removed once done, and never before it was added.
            _ = forwarding.ContinueWith(_ => _connections.TryRemove(id, out var _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private static async Task ForwardAsync(Socket client, IPEndPoint target, CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var upstream = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            client.NoDelay = true;
            await upstream.ConnectAsync(target, connection.Token);
            var toTarget = PumpAsync(client, upstream, connection);
            var toClient = PumpAsync(upstream, client, connection);
            await Task.WhenAll(toTarget, toClient);
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The target refused or the relay is stopping: the client sees its connection closed.
        }
        finally
        {
            client.Dispose();
        }
    }

    /// <summary>Copies <paramref name="from"/> to <paramref name="to"/> until either ends, then ends the other direction too.</summary>
    private static async Task PumpAsync(Socket from, Socket to, CancellationTokenSource connection)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, connection.Token);
                if (read == 0)
                {
                    return;
                }

                var sent = 0;
                while (sent < read)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, connection.Token);
                }
            }
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Either side went away, or the relay is stopping.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            // Kafka connections are request/response: once one direction is over, the connection is.
            await connection.CancelAsync();
        }
    }
}
