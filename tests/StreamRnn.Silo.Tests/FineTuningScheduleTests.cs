using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;
using StreamRnn.Contracts;
using StreamRnn.Grains;
using StreamRnn.Grains.Placement;
using StreamRnn.Models;
using StreamRnn.Batching;
using StreamRnn.Telemetry;
using StreamRnn.Models.Checkpoints;
using StreamRnn.Hosting;
using StreamRnn.Silo.Startup;
using StreamRnn.Silo.Tests.Infrastructure;

namespace StreamRnn.Silo.Tests;

/// <summary>The fine-tuning coordinator's durable reminder, with reminders in a real <c>redis-server</c>.</summary>
public sealed class FineTuningScheduleTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task CoordinatorReminder_FiresAgainAfterTheSiloHostingTheCoordinatorIsKilledAndReplaced()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await RedisServer.StartAsync(ct);
        using var rounds = new ScheduledRounds();
        var cluster = BuildCluster(redis);
        try
        {
            await cluster.DeployAsync(ct);
            var coordinator = cluster.Client.GetGrain<IFineTuningCoordinatorGrain>("default");
            await coordinator.EnsureScheduledAsync(ct);
            Assert.True(await EventuallyAsync(() => rounds.Count > 0, ct), "the fine-tuning reminder never fired");
            var host = (await coordinator.GetStatusAsync(ct)).Silo;

            await cluster.KillSiloAsync(cluster.Silos.Single(s => s.SiloAddress.ToString() == host), ct);
            await cluster.StartAdditionalSiloAsync();
            var afterRestart = rounds.Count;

            Assert.True(await EventuallyAsync(() => rounds.Count > afterRestart, ct), "the reminder did not fire again after the coordinator's silo was replaced");
            var status = await coordinator.GetStatusAsync(ct);
            Assert.NotEqual(host, status.Silo);
        }
        finally
        {
            await cluster.StopAllSilosAsync(CancellationToken.None);
            await cluster.DisposeAsync();
        }
    }

    private static InProcessTestCluster BuildCluster(RedisServer redis)
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ServiceId = Guid.NewGuid().ToString("N");
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [ReminderStorageOptions.RedisConnectionStringKey] = redis.ConnectionString,
            ["Reminders:MinimumPeriod"] = "00:00:01",
            ["Training:Interval"] = "00:00:02",
            ["Model:Device"] = "cpu",
        }));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.Sensors);
            silo.AddMemoryGrainStorage(StorageNames.Models);
            silo.AddMemoryGrainStorage(StorageNames.Training);
            // Grain state in Orleans' binary format, as the silo stores it: with the default JSON serializer a registry
            // re-activated on another silo after the kill sometimes failed to read its state back (Newtonsoft
            // JsonSerializationException, about one run in ten).
            silo.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
            silo.AddAcceleratorPlacement("cpu");
            silo.AddStreamRnnReminders();
            silo.Services.AddStreamRnnGrains();
            silo.Services.AddSingleton<IAlertSink, DiscardingAlertSink>();
            silo.Configure<ClusterMembershipOptions>(options =>
            {
                options.ProbeTimeout = TimeSpan.FromSeconds(1);
                options.NumMissedProbesLimit = 2;
            });
        });
        return builder.Build();
    }

    private static Task<bool> EventuallyAsync(Func<bool> condition, CancellationToken cancellationToken) =>
        PipelineFixture.EventuallyAsync(() => Task.FromResult(condition()), Deadline, cancellationToken);

    /// <summary>Counts fine-tuning rounds the reminder started (<c>streamrnn.training.rounds</c>, trigger <c>schedule</c>) in this process.</summary>
    private sealed class ScheduledRounds : IDisposable
    {
        private readonly MeterListener _listener = new();
        private int _count;

        public ScheduledRounds()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == StreamRnnTelemetry.MeterName && instrument.Name == "streamrnn.training.rounds")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "trigger" && (string?)tag.Value == "schedule")
                    {
                        Interlocked.Add(ref _count, (int)value);
                    }
                }
            });
            _listener.Start();
        }

        public int Count => Volatile.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }

    private sealed class DiscardingAlertSink : IAlertSink
    {
        public ValueTask PublishAsync(SensorAlert alert, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
