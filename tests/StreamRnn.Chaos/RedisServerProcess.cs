using System.Globalization;

namespace StreamRnn.Chaos;

/// <summary>
/// A private <c>redis-server</c>: its own free port on 127.0.0.1, its own temporary directory, no persistence
/// (<c>--save "" --appendonly no</c>). Each cluster run uses its own database of it.
/// </summary>
internal sealed class RedisServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);

    private readonly ChildProcess _process;
    private readonly string _directory;

    private RedisServerProcess(ChildProcess process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>A StackExchange.Redis connection string for database <paramref name="database"/> of this server.</summary>
    public string ConnectionString(int database) => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port},defaultDatabase={database}");

    public static async Task<RedisServerProcess> StartAsync(string logDirectory, CancellationToken cancellationToken)
    {
        var executable = FindExecutable() ?? throw new ChaosSetupException(
            "redis-server was not found on PATH or in /usr/bin; install it (Debian/Ubuntu: apt-get install redis-server).");
        var port = FreeTcpPort.Take(1)[0];
        var directory = Directory.CreateTempSubdirectory("streamrnn-chaos-redis-").FullName;
        var arguments = new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory, "--databases", "16" };
        var process = ChildProcess.Start("redis-server", executable, arguments, Path.Combine(logDirectory, "redis.log"), directory);
        var server = new RedisServerProcess(process, directory, port);
        try
        {
            await process.WaitForLineAsync(line => line.Contains("Ready to accept connections", StringComparison.Ordinal), ReadyTimeout, cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException)
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw new ChaosSetupException($"redis-server did not start on port {port}: {exception.Message} (see redis.log)", exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        Directory.Delete(_directory, recursive: true);
    }

    private static string? FindExecutable()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin")
            .Append("/usr/local/bin")
            .Select(directory => Path.Combine(directory, "redis-server"))
            .FirstOrDefault(File.Exists);
    }
}
