using System.Diagnostics;

namespace StreamRnn.Chaos;

/// <summary>
/// One child process whose stdout and stderr are appended, line by line, to a log file (kept for post-mortem).
/// Lines can be awaited (<see cref="WaitForLineAsync"/>), including the last <see cref="LinesKept"/> that came before the
/// wait; <see cref="KillAsync"/> sends SIGKILL, so the child gets no chance to flush or shut down.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    /// <summary>The most recent lines kept for a wait that starts after they came (a readiness line printed at once).</summary>
    internal const int LinesKept = 256;

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly object _gate = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];
    private readonly Queue<string> _recentLines = new();
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _openStreams = 2;

    private ChildProcess(string name, Process process, StreamWriter log)
    {
        Name = name;
        _process = process;
        _log = log;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/>; its output is appended to <paramref name="logPath"/>.</summary>
    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, string logPath, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Children log plain text, without colours or .NET's first-run banner.
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "0";
        start.Environment["NO_COLOR"] = "1";

        var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
        log.WriteLine($"=== {DateTimeOffset.UtcNow:O} start: {fileName} {string.Join(' ', start.ArgumentList)}");
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process, log);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        try
        {
            process.Start();
        }
        catch
        {
            log.Dispose();
            process.Dispose();
            throw;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>
    /// The first line that <paramref name="match"/> accepts, among the last <see cref="LinesKept"/> already printed or
    /// from now on (a process may print its readiness line before anyone waits for it: redis-server does within a
    /// millisecond of starting); fails when the process exits first or <paramref name="timeout"/> passes.
    /// </summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_recentLines.FirstOrDefault(match) is { } printed)
            {
                return printed;
            }

            _waiters.Add((match, found));
        }

        var exited = _process.WaitForExitAsync(cancellationToken);
        var winner = await Task.WhenAny(found.Task, exited).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        if (winner == found.Task)
        {
            return await found.Task.ConfigureAwait(false);
        }

        // The process ended: its last lines may still be on their way.
        await _outputClosed.Task.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        if (found.Task.IsCompleted)
        {
            return await found.Task.ConfigureAwait(false);
        }

        throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was ready.");
    }

    /// <summary>Sends SIGKILL (no graceful shutdown) and waits until the process is gone.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }

        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        Note($"killed (SIGKILL) at {DateTimeOffset.UtcNow:O}");
    }

    /// <summary>Sends SIGTERM (a graceful stop: the silo checkpoints, leaves the group and the cluster) and waits until it has exited.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_process.HasExited)
        {
            using var signal = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
                ?? throw new InvalidOperationException("kill could not be started.");
            await signal.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }

        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        Note($"stopped (SIGTERM) at {DateTimeOffset.UtcNow:O}, exit code {_process.ExitCode}");
    }

    /// <summary>Writes a line of the chaos tool's own into this process's log.</summary>
    public void Note(string text)
    {
        lock (_gate)
        {
            _log.WriteLine($"=== {text}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().ConfigureAwait(false);
            await _outputClosed.Task.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The output pipes stayed open (a grandchild holds them); the log is as complete as it gets.
        }
        finally
        {
            lock (_gate)
            {
                _log.WriteLine($"=== {DateTimeOffset.UtcNow:O} exit code {(_process.HasExited ? _process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?")}");
                _log.Dispose();
            }

            _process.Dispose();
        }
    }

    private void OnLine(string? line)
    {
        lock (_gate)
        {
            if (line is null)
            {
                if (--_openStreams == 0)
                {
                    _outputClosed.TrySetResult();
                }

                return;
            }

            _log.WriteLine(line);
            _recentLines.Enqueue(line);
            if (_recentLines.Count > LinesKept)
            {
                _recentLines.Dequeue();
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(line))
                {
                    _waiters[i].Found.TrySetResult(line);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}
