using System.Diagnostics;

namespace StreamRnn.Silo.Tests;

/// <summary>Runs one of the solution's executables (copied beside the tests) with <c>dotnet</c>, as a user would.</summary>
internal static class DotnetProcess
{
    public static ProcessStartInfo StartInfo(string dll, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>
    /// The <c>streamrnn</c> CLI from its own build output (beside the tests its dependencies resolve against the
    /// test's ASP.NET framework, which the CLI does not use, so the cluster client would miss assemblies there).
    /// </summary>
    public static ProcessStartInfo CliStartInfo(IEnumerable<string> arguments)
    {
        var testProject = Path.Combine("tests", "StreamRnn.Silo.Tests");
        var cliOutput = AppContext.BaseDirectory.Replace(testProject, Path.Combine("client", "StreamRnn.Cli"), StringComparison.Ordinal);
        var start = StartInfo("streamrnn.dll", arguments);
        start.ArgumentList[0] = Path.Combine(cliOutput, "streamrnn.dll");
        start.WorkingDirectory = cliOutput;
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
