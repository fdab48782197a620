using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace StreamRnn.Silo.Tests.Infrastructure;

/// <summary>
/// One silo executable running in the background (<c>dotnet StreamRnn.Silo.dll …</c>) with its output kept;
/// <see cref="StopAsync"/> stops it as an operator would (SIGINT, then waits for a clean exit); disposing kills
/// it if it still runs.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the silo wrote so far, stdout and stderr interleaved.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static SiloProcess Start(IEnumerable<string> arguments) => Start(arguments, null);

    /// <summary>As <see cref="Start(IEnumerable{string})"/>, with environment variables added (secrets the silo refuses as arguments).</summary>
    public static SiloProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var process = new Process { StartInfo = DotnetProcess.StartInfo("StreamRnn.Silo.dll", arguments) };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            process.StartInfo.Environment[name] = value;
        }

        var silo = new SiloProcess(process);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Sends SIGINT and waits for the exit; returns the exit code.</summary>
    public async Task<int> StopAsync(CancellationToken cancellationToken)
    {
        if (!_process.HasExited)
        {
            using var interrupt = Process.Start("kill", ["-INT", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            await interrupt.WaitForExitAsync(cancellationToken);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StopTimeout);
        await _process.WaitForExitAsync(deadline.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
