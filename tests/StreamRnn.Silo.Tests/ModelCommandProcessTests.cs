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

    [Fact]
    public async Task ModelCommands_OtherArchitectureNaNWeightAndAForcedVersionForecastingInfinity_RefusedOrRolledBackWithTheReason()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("streamrnn-model-safety-");
        var other = Path.Combine(directory.FullName, "other.ckpt");
        var overflowing = Path.Combine(directory.FullName, "overflowing.ckpt");
        var nan = Path.Combine(directory.FullName, "nan.ckpt");
        var served = StreamRnn.Models.ModelShape.FromOptions(new StreamRnn.Models.ModelOptions());
        StreamRnn.Models.Checkpoints.CheckpointFile.Save(Checkpoint(served with { HiddenSize = 8 }, (_, _) => 0.1f), other);
        StreamRnn.Models.Checkpoints.CheckpointFile.Save(Checkpoint(served, (name, _) => name == "head.bias" ? float.NaN : 0.1f), nan);

        // Finite weights, infinite forecasts: the GRU's update gate shut, its candidate open, every hidden unit near 1, times 1e38.
        StreamRnn.Models.Checkpoints.CheckpointFile.Save(
            Checkpoint(served, (name, i) => name switch
            {
                "rnn.bias_ih_l0" when i >= served.HiddenSize && i < 2 * served.HiddenSize => -10f,
                "rnn.bias_ih_l0" when i >= 2 * served.HiddenSize => 5f,
                "head.weight" => 1e38f,
                _ => 0f,
            }),
            overflowing);
        var gateway = FreeTcpPort.Next();
        var results = new Dictionary<string, (int ExitCode, string Output, string Error)>();
        try
        {
            var (exitCode, output, _) = await DotnetProcess.RunWithProcessAsync(
                DotnetProcess.StartInfo("StreamRnn.Silo.dll",
                [
                    "--run-for", "120s", "--Demo:Sensors=8", "--Demo:Interval=00:00:00.020", "--Demo:FailuresAfter=01:00:00",
                    "--Training:Interval=00:00:00", "--Training:SyncInterval=00:00:01",
                    $"--Cluster:SiloPort={FreeTcpPort.Next()}", $"--Cluster:GatewayPort={gateway}", $"--Urls=http://127.0.0.1:{FreeTcpPort.Next()}",
                ]),
                TimeSpan.FromMinutes(3),
                async silo =>
                {
                    var deadline = DateTime.UtcNow + Deadline;
                    do
                    {
                        results["register other"] = await CliAsync(gateway, ct, "model", "register", other);
                    }
                    while (results["register other"].ExitCode is not (0 or 2) && DateTime.UtcNow < deadline); // 0 or 2: the silo answered

                    results["register overflowing"] = await CliAsync(gateway, ct, "model", "register", overflowing);
                    results["register nan"] = await CliAsync(gateway, ct, "model", "register", nan);
                    results["promote nan"] = await CliAsync(gateway, ct, "model", "promote", "3", "--force");
                    results["promote"] = await CliAsync(gateway, ct, "model", "promote", "2", "--force");
                    do
                    {
                        results["list"] = await CliAsync(gateway, ct, "model", "list");
                    }
                    while (!results["list"].Output.Contains("v1 active", StringComparison.Ordinal) && DateTime.UtcNow < deadline);

                    results["show"] = await CliAsync(gateway, ct, "model", "show", "2");
                    using var interrupt = Process.Start("kill", ["-INT", silo.Id.ToString(CultureInfo.InvariantCulture)]);
                    await interrupt.WaitForExitAsync(ct);
                },
                ct);

            Assert.Equal(0, exitCode);
            Assert.Equal(2, results["register other"].ExitCode);
            Assert.Contains("cannot be served by model group 'default': its architecture is Gru 1x8", results["register other"].Error, StringComparison.Ordinal);
            Assert.Contains("the silos serve Gru 1x32", results["register other"].Error, StringComparison.Ordinal);
            Assert.Contains("registered version 2 (Candidate", results["register overflowing"].Output, StringComparison.Ordinal);
            Assert.Equal(2, results["register nan"].ExitCode);
            Assert.Contains("version 3 is rejected and never served: non-finite weight head.bias", results["register nan"].Error, StringComparison.Ordinal);
            Assert.Equal(2, results["promote nan"].ExitCode);
            Assert.Contains("rejected", results["promote nan"].Error, StringComparison.Ordinal);
            Assert.True(results["promote"].ExitCode == 0, $"promote: {results["promote"]}");
            Assert.Contains("v1 active parent=- ", results["list"].Output, StringComparison.Ordinal);
            Assert.Contains("v2 rejected parent=v1 ", results["list"].Output, StringComparison.Ordinal);
            Assert.Contains("forecast non-finite values at run time", results["list"].Output, StringComparison.Ordinal);
            Assert.Contains("status: rejected (rolled back to v1: forecast non-finite values at run time", results["show"].Output, StringComparison.Ordinal);
            Assert.Contains("modelVersion=1 ", output, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static StreamRnn.Models.Checkpoints.ModelCheckpoint Checkpoint(StreamRnn.Models.ModelShape shape, Func<string, int, float> value) =>
        new(shape, [], new Dictionary<string, string>(), [.. StreamRnn.Models.Checkpoints.ForecasterLayout.Expected(shape)
            .Select(p => new StreamRnn.Models.Checkpoints.CheckpointParameter(p.Name, p.Shape, [.. Enumerable.Range(0, (int)p.Shape.Aggregate(1L, (a, b) => a * b)).Select(i => value(p.Name, i))]))]);

    private static Task<(int ExitCode, string Output, string Error)> CliAsync(int gateway, CancellationToken cancellationToken, params string[] arguments) =>
        DotnetProcess.RunCliAgainstAsync(gateway, cancellationToken, arguments);
}
