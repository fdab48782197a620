using System.Diagnostics;
using System.Globalization;
using StreamRnn.Silo.Tests.Infrastructure;

namespace StreamRnn.Silo.Tests;

/// <summary><c>streamrnn model …</c> against the silo executable, both run as the README runs them.</summary>
public sealed class ModelCommandProcessTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ModelCommands_AgainstARunningSilo_TrainPromoteShowRollBackAndRefuseARejectedVersion()
    {
        var ct = TestContext.Current.CancellationToken;
        var gateway = FreeTcpPort.Next();
        var results = new Dictionary<string, (int ExitCode, string Output, string Error)>();
        var (exitCode, output, _) = await DotnetProcess.RunWithProcessAsync(
            DotnetProcess.StartInfo("StreamRnn.Silo.dll",
            [
                "--run-for", "120s", "--Demo:Sensors=16", "--Demo:Interval=00:00:00.020", "--Demo:FailuresAfter=01:00:00",
                "--Training:Interval=00:00:00", "--Training:WindowSteps=32", "--Training:GuardReadings=4", "--Training:MinWindows=8",
                $"--Cluster:SiloPort={FreeTcpPort.Next()}", $"--Cluster:GatewayPort={gateway}", $"--Urls=http://127.0.0.1:{FreeTcpPort.Next()}",
            ]),
            TimeSpan.FromMinutes(3),
            async silo =>
            {
                var deadline = DateTime.UtcNow + Deadline;
                do
                {
                    results["train-now"] = await CliAsync(gateway, ct, "model", "train-now");
                }
                while (!results["train-now"].Output.Contains("promoted", StringComparison.Ordinal) && DateTime.UtcNow < deadline);

                results["show"] = await CliAsync(gateway, ct, "model", "show", "2");
                results["rollback"] = await CliAsync(gateway, ct, "model", "rollback", "--reason", "test rollback");
                results["promote rejected"] = await CliAsync(gateway, ct, "model", "promote", "2");
                results["list"] = await CliAsync(gateway, ct, "model", "list");
                results["status"] = await CliAsync(gateway, ct, "model", "status");
                using var interrupt = Process.Start("kill", ["-INT", silo.Id.ToString(CultureInfo.InvariantCulture)]);
                await interrupt.WaitForExitAsync(ct);
            },
            ct);

        Assert.Equal(0, exitCode);
        Assert.True(results["train-now"].Output.Contains("promoted, parent v1, candidate v2", StringComparison.Ordinal), $"train-now: {results["train-now"]}");
        Assert.Contains("status: active", results["show"].Output, StringComparison.Ordinal);
        Assert.Contains("metric candidateLoss:", results["show"].Output, StringComparison.Ordinal);
        Assert.Contains("parent: 1", results["show"].Output, StringComparison.Ordinal);
        Assert.Equal(0, results["rollback"].ExitCode);
        Assert.Contains("active version 1", results["rollback"].Output, StringComparison.Ordinal);
        Assert.Equal(2, results["promote rejected"].ExitCode);
        Assert.Contains("rejected", results["promote rejected"].Error, StringComparison.Ordinal);
        Assert.Contains("v1 active parent=- ", results["list"].Output, StringComparison.Ordinal);
        Assert.Contains("v2 rejected parent=v1 ", results["list"].Output, StringComparison.Ordinal);
        Assert.Contains("why=\"rolled back to v1: test rollback\"", results["list"].Output, StringComparison.Ordinal);
        Assert.Contains("active v1", results["status"].Output, StringComparison.Ordinal);
        Assert.Contains("(train-now): promoted, parent v1, candidate v2", results["status"].Output, StringComparison.Ordinal);
        Assert.Contains("modelVersion=1 swaps=2 failedSteps=0", output, StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Output, string Error)> CliAsync(int gateway, CancellationToken cancellationToken, params string[] arguments) =>
        DotnetProcess.RunCliAgainstAsync(gateway, cancellationToken, arguments);
}
