using System.Diagnostics;
using System.Globalization;
using StreamRnn.Silo.Tests.Infrastructure;

namespace StreamRnn.Silo.Tests;

/// <summary><c>streamrnn settings …</c> against the silo executable: alert settings changed while the demo fleet streams.</summary>
public sealed class SettingsCommandProcessTests
{
    [Fact]
    public async Task SettingsCommands_AgainstARunningSilo_ChangeASensorAndAGroupLiveAndRefuseInvalidSettings()
    {
        var ct = TestContext.Current.CancellationToken;
        var gateway = FreeTcpPort.Next();
        var results = new Dictionary<string, (int ExitCode, string Output, string Error)>();
        var (exitCode, output, _) = await DotnetProcess.RunWithProcessAsync(
            DotnetProcess.StartInfo("StreamRnn.Silo.dll",
            [
                "--run-for", "120s", "--Demo:Sensors=8", "--Demo:Interval=00:00:00.020", "--Demo:FailuresAfter=01:00:00",
                $"--Cluster:SiloPort={FreeTcpPort.Next()}", $"--Cluster:GatewayPort={gateway}", $"--Urls=http://127.0.0.1:{FreeTcpPort.Next()}",
            ]),
            TimeSpan.FromMinutes(3),
            async silo =>
            {
                // The demo's values are around 66: a limit of 1 puts demo-0000 out of range from its next reading.
                results["set sensor"] = await CliAsync(gateway, ct, "settings", "set", "--sensor", "demo-0000", "MaxValue=1");
                results["set group"] = await CliAsync(gateway, ct, "settings", "set", "--group", "default", "Sensors:SpikeDeviations=12");
                results["show sensor"] = await CliAsync(gateway, ct, "settings", "show", "--sensor", "demo-0001");
                results["invalid value"] = await CliAsync(gateway, ct, "settings", "set", "--group", "default", "AnomalyThreshold=2");
                results["unknown key"] = await CliAsync(gateway, ct, "settings", "set", "--sensor", "demo-0000", "Bogus=1");
                results["no target"] = await CliAsync(gateway, ct, "settings", "show");

                // Wait (with a deadline) until the live sensor has applied readings after the change.
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
                var before = ReadingsApplied((await CliAsync(gateway, ct, "sensor", "demo-0000")).Output);
                while (ReadingsApplied((await CliAsync(gateway, ct, "sensor", "demo-0000")).Output) <= before + 5 && DateTime.UtcNow < deadline)
                {
                }

                using var interrupt = Process.Start("kill", ["-INT", silo.Id.ToString(CultureInfo.InvariantCulture)]);
                await interrupt.WaitForExitAsync(ct);
            },
            ct);

        Assert.Equal(0, exitCode);
        Assert.True(results["set sensor"].ExitCode == 0, results["set sensor"].Error);
        Assert.Contains("sensor overrides (version 1): MaxValue=1", results["set sensor"].Output, StringComparison.Ordinal);
        Assert.Contains("in force MaxValue=1", results["set sensor"].Output, StringComparison.Ordinal);
        Assert.Contains("group overrides (version 1): SpikeDeviations=12", results["set group"].Output, StringComparison.Ordinal);
        Assert.Contains("in force SpikeDeviations=12", results["show sensor"].Output, StringComparison.Ordinal);
        Assert.Contains("in force MaxValue=", results["show sensor"].Output, StringComparison.Ordinal);
        Assert.DoesNotContain("in force MaxValue=1", results["show sensor"].Output, StringComparison.Ordinal);
        Assert.Equal(2, results["invalid value"].ExitCode);
        Assert.Contains("Sensors:AnomalyThreshold", results["invalid value"].Error, StringComparison.Ordinal);
        Assert.Equal(2, results["unknown key"].ExitCode);
        Assert.Contains("Sensors:Bogus", results["unknown key"].Error, StringComparison.Ordinal);
        Assert.Equal(2, results["no target"].ExitCode);
        Assert.Contains("ALERT OUTOFRANGE sensor=demo-0000", output, StringComparison.Ordinal);
        Assert.DoesNotContain("ALERT OUTOFRANGE sensor=demo-0001", output, StringComparison.Ordinal);
    }

    private static long ReadingsApplied(string sensorTable)
    {
        var line = sensorTable.Split('\n').FirstOrDefault(l => l.Contains("readings applied", StringComparison.Ordinal));
        var digits = line is null ? string.Empty : new string([.. line.SkipWhile(c => !char.IsDigit(c)).TakeWhile(char.IsDigit)]);
        return digits.Length == 0 ? 0 : long.Parse(digits, CultureInfo.InvariantCulture);
    }

    private static Task<(int ExitCode, string Output, string Error)> CliAsync(int gateway, CancellationToken cancellationToken, params string[] arguments) =>
        DotnetProcess.RunCliAgainstAsync(gateway, cancellationToken, arguments);
}
