using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;
using StreamRnn.Hosting;
using StreamRnn.Silo.Startup;
using StreamRnn.Silo.Tests.Infrastructure;

namespace StreamRnn.Silo.Tests;

/// <summary>
/// Reminder storage as the silo configures it. The durability tests run a real <c>redis-server</c>
/// (<see cref="RedisServer"/>) and in-process Orleans clusters of their own, since they kill silos.
/// </summary>
public sealed class ReminderHostingExtensionsTests
{
    private static readonly TimeSpan DueTime = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AddStreamRnnReminders_InRedis_FiresAgainAfterTheSiloHostingItsGrainIsKilled()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await RedisServer.StartAsync(ct);
        var cluster = BuildCluster(2, redis, Guid.NewGuid().ToString("N"));
        try
        {
            await cluster.DeployAsync(ct);
            var key = $"killed-host-{Guid.NewGuid():N}";
            await cluster.Client.GetGrain<IReminderProbeGrain>(key).StartAsync(DueTime, Period, ct);
            Assert.True(await EventuallyAsync(() => ReminderTicks.Of(key).Count > 0, ct), "the reminder never fired");

            // The grain runs where its reminder is held (see ReminderProbeGrain): kill that silo.
            var before = ReminderTicks.Of(key);
            var host = before[^1];
            Assert.All(before, silo => Assert.Equal(host, silo));
            var survivor = Assert.Single(cluster.Silos, s => !s.SiloAddress.Equals(host));
            var sinceKill = Stopwatch.StartNew();
            await cluster.KillSiloAsync(cluster.Silos.Single(s => s.SiloAddress.Equals(host)), ct);

            Assert.True(
                await EventuallyAsync(() => ReminderTicks.Of(key).Skip(before.Count).Contains(survivor.SiloAddress), ct),
                $"the reminder did not fire on the surviving silo within {Deadline.TotalSeconds} s of the kill");
            TestContext.Current.TestOutputHelper?.WriteLine($"fired on the survivor {sinceKill.Elapsed.TotalSeconds:F1} s after the kill");
        }
        finally
        {
            await StopAsync(cluster);
        }
    }

    [Fact]
    public async Task AddStreamRnnReminders_InRedis_FiresInANewClusterWithoutBeingRegisteredAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await RedisServer.StartAsync(ct);
        var serviceId = Guid.NewGuid().ToString("N");
        var key = $"new-cluster-{Guid.NewGuid():N}";

        var first = BuildCluster(1, redis, serviceId);
        try
        {
            await first.DeployAsync(ct);
            await first.Client.GetGrain<IReminderProbeGrain>(key).StartAsync(DueTime, Period, ct);
            Assert.True(await EventuallyAsync(() => ReminderTicks.Of(key).Count > 0, ct), "the reminder never fired");
        }
        finally
        {
            await StopAsync(first);
        }

        // Every silo that saw the reminder is gone; only Redis remembers it.
        var before = ReminderTicks.Of(key).Count;
        var second = BuildCluster(1, redis, serviceId);
        try
        {
            await second.DeployAsync(ct);
            var silo = Assert.Single(second.Silos).SiloAddress;
            Assert.True(
                await EventuallyAsync(() => ReminderTicks.Of(key).Skip(before).Contains(silo), ct),
                $"the reminder did not fire in the new cluster within {Deadline.TotalSeconds} s");
        }
        finally
        {
            await StopAsync(second);
        }
    }

    [Theory]
    [InlineData("Reminders:MinimumPeriod", "00:00:00", "Reminders:MinimumPeriod")]
    [InlineData("Reminders:MinimumPeriod", "-00:00:05", "Reminders:MinimumPeriod")]
    [InlineData("Reminders:Redis:ConnectionString", "127.0.0.1:6379,abortConnect=maybe", "Reminders:Redis:ConnectionString")]
    [InlineData("Reminders:Redis:ConnectionString", "password=s3cret,ssl=true", "Reminders:Redis:ConnectionString")]
    public async Task AddStreamRnnReminders_InvalidSetting_RefusesToStartNamingTheSetting(string key, string value, string named)
    {
        using var host = BuildHost(key, value);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddStreamRnnReminders_MinimumPeriodSet_BecomesOrleansMinimumReminderPeriod()
    {
        using var host = BuildHost("Reminders:MinimumPeriod", "00:00:05");

        Assert.Equal(TimeSpan.FromSeconds(5), host.Services.GetRequiredService<IOptions<ReminderOptions>>().Value.MinimumReminderPeriod);
    }

    /// <summary>A cluster with reminders in <paramref name="redis"/> (under <paramref name="serviceId"/>) and fast failure detection.</summary>
    private static InProcessTestCluster BuildCluster(short silos, RedisServer redis, string serviceId)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ServiceId = serviceId;
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [ReminderStorageOptions.RedisConnectionStringKey] = redis.ConnectionString,
            ["Reminders:MinimumPeriod"] = "00:00:01",
        }));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddStreamRnnReminders();
            // Should a killed silo not be marked dead as it goes, the survivor declares it dead after
            // two missed 1 s probes (default: three of 5 s).
            silo.Configure<ClusterMembershipOptions>(options =>
            {
                options.ProbeTimeout = TimeSpan.FromSeconds(1);
                options.NumMissedProbesLimit = 2;
            });
        });
        return builder.Build();
    }

    /// <summary>A silo host (not started) with StreamRnn's reminders and one setting.</summary>
    private static IHost BuildHost(string key, string value)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [key] = value });
        builder.UseOrleans(silo => silo.UseLocalhostClustering(FreeTcpPort.Next(), FreeTcpPort.Next()).AddStreamRnnReminders());
        return builder.Build();
    }

    private static Task<bool> EventuallyAsync(Func<bool> condition, CancellationToken cancellationToken) =>
        PipelineFixture.EventuallyAsync(() => Task.FromResult(condition()), Deadline, cancellationToken);

    private static async Task StopAsync(InProcessTestCluster cluster)
    {
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
    }
}
