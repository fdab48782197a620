using System.Globalization;

namespace StreamRnn.Chaos;

/// <summary><c>streamrnn kafka serve</c> on a free port: the development Kafka every silo of both runs shares.</summary>
internal sealed class KafkaServeProcess : IAsyncDisposable
{
    private const string ReadyPrefix = "bootstrap.servers=";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly ChildProcess _process;

    private KafkaServeProcess(ChildProcess process, string bootstrapServers)
    {
        _process = process;
        BootstrapServers = bootstrapServers;
    }

    public string BootstrapServers { get; }

    public static async Task<KafkaServeProcess> StartAsync(BuildOutputs outputs, int partitions, string logDirectory, CancellationToken cancellationToken)
    {
        var port = FreeTcpPort.Take(1)[0];
        var arguments = new[] { outputs.CliDll, "kafka", "serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--partitions", partitions.ToString(CultureInfo.InvariantCulture) };
        var process = ChildProcess.Start("streamrnn kafka serve", "dotnet", arguments, Path.Combine(logDirectory, "kafka.log"), Path.GetDirectoryName(outputs.CliDll));
        try
        {
            var line = await process.WaitForLineAsync(line => line.StartsWith(ReadyPrefix, StringComparison.Ordinal), ReadyTimeout, cancellationToken).ConfigureAwait(false);
            return new KafkaServeProcess(process, line[ReadyPrefix.Length..].Trim());
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException)
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw new ChaosSetupException($"streamrnn kafka serve did not print {ReadyPrefix}: {exception.Message} (see kafka.log)", exception);
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
