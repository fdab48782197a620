using StreamRnn.Silo.Tests.Infrastructure;

namespace StreamRnn.WebConsole.Tests;

/// <summary>A silo in production mode whose console has no way to authenticate anyone does not start.</summary>
public sealed class ConsoleStartupTests
{
    [Fact]
    public async Task Silo_ProductionWithoutConsoleTokens_ExitsAtStartNamingTheSetting()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await RedisServer.StartAsync(ct);
        await using var silo = SiloProcess.Start(
        [
            $"--Cluster:Redis:ConnectionString={redis.ConnectionString}", "--Cluster:Tls:Disabled=true", $"--Cluster:SiloPort={FreeTcpPort.Next()}",
            $"--Cluster:GatewayPort={FreeTcpPort.Next()}", $"--Urls=http://127.0.0.1:{FreeTcpPort.Next()}", "--Kafka:BootstrapServers=127.0.0.1:1", "--Demo:Enabled=false",
        ]);
        await Poll.UntilAsync("the silo to exit", () => Task.FromResult(silo.HasExited ? "exited" : null), ct);
        Assert.Equal(2, await silo.StopAsync(ct));
        Assert.Contains("Invalid configuration:", silo.Output, StringComparison.Ordinal);
        Assert.Contains("Console:Tokens", silo.Output, StringComparison.Ordinal);
    }
}
