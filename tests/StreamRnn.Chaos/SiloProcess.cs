using System.Globalization;

namespace StreamRnn.Chaos;

/// <summary>
/// One silo slot of a cluster: <c>dotnet StreamRnn.Silo.dll</c> on fixed ports, started, SIGKILLed and started
/// again on the same ports. Ready when its <c>/health/ready</c> answers 200 (the silo has joined the cluster
/// and loaded its model). Every start appends to the same log file.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private const int StartAttempts = 3;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan ReadyPollPeriod = TimeSpan.FromMilliseconds(250);

    private readonly BuildOutputs _outputs;
    private readonly ClusterSpec _spec;
    private readonly string _logPath;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private ChildProcess? _process;
    private int _starts;

    public SiloProcess(BuildOutputs outputs, ClusterSpec spec, int index, SiloPorts ports, string logDirectory)
    {
        _outputs = outputs;
        _spec = spec;
        Index = index;
        Ports = ports;
        _logPath = Path.Combine(logDirectory, string.Create(CultureInfo.InvariantCulture, $"silo-{index}.log"));
    }

    public int Index { get; }

    public SiloPorts Ports { get; }

    public string Name => string.Create(CultureInfo.InvariantCulture, $"{_spec.Name} silo {Index}");

    /// <summary>Starts the silo (ingesting or not) and returns once it is ready; a start that dies early is retried.</summary>
    public async Task StartAsync(bool ingest, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (_process is not null)
            {
                await _process.DisposeAsync().ConfigureAwait(false);
            }

            _starts++;
            var arguments = new List<string> { _outputs.SiloDll };
            arguments.AddRange(SiloArguments.For(_spec, Ports, ingest));
            _process = ChildProcess.Start(Name, "dotnet", arguments, _logPath, Path.GetDirectoryName(_outputs.SiloDll));
            _process.Note(string.Create(CultureInfo.InvariantCulture, $"start #{_starts} (ingest {(ingest ? "on" : "off")}), pid {_process.Id}"));
            var outcome = await WaitUntilReadyAsync(_process, cancellationToken).ConfigureAwait(false);
            if (outcome is null)
            {
                return;
            }

            if (attempt == StartAttempts)
            {
                throw new ChaosSetupException($"{Name} did not become ready after {StartAttempts} starts: {outcome} (see {_logPath})");
            }

            _process.Note($"not ready ({outcome}); starting again");
        }
    }

    /// <summary>SIGTERM: a graceful stop; returns once the process has exited.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => _process?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>SIGKILL: no graceful shutdown, no flush.</summary>
    public Task KillAsync(CancellationToken cancellationToken) => _process?.KillAsync(cancellationToken) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
        }

        _http.Dispose();
    }

    /// <summary>Null once ready; why not otherwise (the process exited, or the deadline passed).</summary>
    private async Task<string?> WaitUntilReadyAsync(ChildProcess process, CancellationToken cancellationToken)
    {
        var uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Ports.Http}/health/ready"));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ReadyTimeout);
        using var timer = new PeriodicTimer(ReadyPollPeriod);
        try
        {
            do
            {
                if (process.HasExited)
                {
                    return "the process exited";
                }

                try
                {
                    using var response = await _http.GetAsync(uri, deadline.Token).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        return null;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
                {
                    // One request timed out on a busy machine; ask again.
                }
            }
            while (await timer.WaitForNextTickAsync(deadline.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await process.KillAsync(cancellationToken).ConfigureAwait(false);
            return string.Create(CultureInfo.InvariantCulture, $"/health/ready did not answer 200 within {ReadyTimeout.TotalSeconds} s");
        }

        return "stopped";
    }
}
