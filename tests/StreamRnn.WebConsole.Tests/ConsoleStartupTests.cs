using StreamRnn.Silo.Tests.Infrastructure;

namespace StreamRnn.WebConsole.Tests;

/// <summary>A silo with a console secret on its command line, or invalid <c>Console</c> settings, does not start; the message names the setting, never the token.</summary>
public sealed class ConsoleStartupTests
{
    [Fact]
    public async Task Silo_ConsoleTokenOnCommandLine_ExitsAtStartNamingTheSetting()
    {
        var ct = TestContext.Current.CancellationToken;
        var (code, output) = await RunUntilExitAsync(["--Console:Tokens:0:Name=sam", "--Console:Tokens:0:Token=a-long-enough-secret-token", "--Console:Tokens:0:Role=operator"], null, ct);
        Assert.Equal(2, code);
        Assert.Contains("Console:Tokens:0:Token was given as a command-line argument", output, StringComparison.Ordinal);
        Assert.DoesNotContain("a-long-enough-secret-token", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silo_ProductionWithShortConsoleToken_ExitsAtStartNamingTheSetting()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await RedisServer.StartAsync(ct);
        var (code, output) = await RunUntilExitAsync(
            [$"--Cluster:Redis:ConnectionString={redis.ConnectionString}", "--Cluster:Tls:Disabled=true", "--Console:Tokens:0:Name=sam", "--Console:Tokens:0:Role=operator"],
            new Dictionary<string, string> { ["Console__Tokens__0__Token"] = "tiny-secret" },
            ct);
        Assert.Equal(2, code);
        Assert.Contains("Invalid configuration:", output, StringComparison.Ordinal);
        Assert.Contains("Console:Tokens:0:Token must be at least 16 characters", output, StringComparison.Ordinal);
        Assert.DoesNotContain("tiny-secret", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunUntilExitAsync(string[] arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        await using var silo = SiloProcess.Start(
        [
            $"--Cluster:SiloPort={FreeTcpPort.Next()}", $"--Cluster:GatewayPort={FreeTcpPort.Next()}", $"--Urls=http://127.0.0.1:{FreeTcpPort.Next()}",
            "--Kafka:BootstrapServers=127.0.0.1:1", "--Demo:Enabled=false", .. arguments,
        ], environment);
        await Poll.UntilAsync("the silo to exit", () => Task.FromResult(silo.HasExited ? "exited" : null), cancellationToken);
        return (await silo.StopAsync(cancellationToken), silo.Output);
    }
}
