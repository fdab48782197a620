using System.Diagnostics;

namespace StreamRnn.Silo.Tests;

/// <summary>
/// Runs one of the solution's executables (copied beside the tests) with <c>dotnet</c>, as a user would. On Linux the
/// child starts with SIGINT and SIGQUIT at their default action (<c>env --default-signal</c>), whatever this process
/// inherited: a test host started in the background by a non-interactive shell ignores both, its children inherit
/// that, and the tests that stop a silo or the CLI with SIGINT (an operator's Ctrl-C) would wait for an exit that
/// never comes (seen: <c>Train_InterruptedWithCtrlC_…</c> timing out under <c>trap "" INT</c>).
/// </summary>
internal static class DotnetProcess
{
    public static ProcessStartInfo StartInfo(string dll, IEnumerable<string> arguments) =>
        StartInfoFor(Path.Combine(AppContext.BaseDirectory, dll), AppContext.BaseDirectory, arguments);

    /// <summary>
    /// The <c>streamrnn</c> CLI from its own build output (beside the tests its dependencies resolve against the
    /// test's ASP.NET framework, which the CLI does not use, so the cluster client would miss assemblies there).
    /// </summary>
    public static ProcessStartInfo CliStartInfo(IEnumerable<string> arguments)
    {
        var testProject = Path.Combine("tests", "StreamRnn.Silo.Tests");
        var cliOutput = AppContext.BaseDirectory.Replace(testProject, Path.Combine("client", "StreamRnn.Cli"), StringComparison.Ordinal);
        return StartInfoFor(Path.Combine(cliOutput, "streamrnn.dll"), cliOutput, arguments);
    }

    private static ProcessStartInfo StartInfoFor(string dllPath, string workingDirectory, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(OperatingSystem.IsLinux() ? "env" : "dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        if (OperatingSystem.IsLinux())
        {
            start.ArgumentList.Add("--default-signal=INT,QUIT");
            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(dllPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>Runs to exit (killed after <paramref name="timeout"/>); <paramref name="whileRunning"/> runs meanwhile.</summary>
    /// <summary>Runs <c>streamrnn</c> with <paramref name="arguments"/> against the silo at <paramref name="gatewayPort"/> (two minutes at most).</summary>
    public static Task<(int ExitCode, string Output, string Error)> RunCliAgainstAsync(int gatewayPort, CancellationToken cancellationToken, params string[] arguments) =>
        RunAsync(
            CliStartInfo([.. arguments, "--gateway-port", gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture)]),
            TimeSpan.FromMinutes(2),
            cancellationToken);

    public static Task<(int ExitCode, string Output, string Error)> RunAsync(ProcessStartInfo start, TimeSpan timeout, CancellationToken cancellationToken, Func<Task>? whileRunning = null) =>
        RunWithProcessAsync(start, timeout, whileRunning is null ? null : _ => whileRunning(), cancellationToken);

    /// <summary>As above; <paramref name="whileRunning"/> gets the process (to signal it, say).</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunWithProcessAsync(ProcessStartInfo start, TimeSpan timeout, Func<Process, Task>? whileRunning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        if (whileRunning is not null)
        {
            await whileRunning(process);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }
}
