using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace StreamRnn.Bench;

/// <summary>A private redis-server (free port, no persistence) for durable sensor state in the benchmarks; disposing kills it.</summary>
public sealed class RedisServerProcess : IDisposable
{
    private readonly Process _process;

    private RedisServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    public static async Task<RedisServerProcess> StartAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var process = Start(new ProcessStartInfo("redis-server", ["--port", port.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        });
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        var server = new RedisServerProcess(process, port);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var connection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
                await connection.GetDatabase().PingAsync();
                return server;
            }
            catch (RedisConnectionException) when (deadline.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(100);
            }
        }
    }

    private static Process Start(ProcessStartInfo startInfo)
    {
        try
        {
            return Process.Start(startInfo) ?? throw new InvalidOperationException(NotStarted);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException(NotStarted, exception);
        }
    }

    private const string NotStarted =
        "redis-server could not be started: it is not on the PATH. Install it (apt-get install redis-server; scripts/test does) or run the benchmark with --in-memory.";

    /// <summary>Empties the server and returns its memory in use, in bytes.</summary>
    public async Task<long> FlushAsync()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString + ",allowAdmin=true");
        var server = connection.GetServer(ConnectionString);
        await server.FlushAllDatabasesAsync();
        return await UsedMemoryAsync(server);
    }

    /// <summary>Memory in use (INFO used_memory) and keys held.</summary>
    public async Task<(long Bytes, long Keys)> MeasureAsync()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString + ",allowAdmin=true");
        var server = connection.GetServer(ConnectionString);
        return (await UsedMemoryAsync(server), await server.DatabaseSizeAsync());
    }

    private static async Task<long> UsedMemoryAsync(IServer server)
    {
        var info = await server.InfoAsync("memory");
        var value = info.SelectMany(group => group).First(pair => pair.Key == "used_memory").Value;
        return long.Parse(value, CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
