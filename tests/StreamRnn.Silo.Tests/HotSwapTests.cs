using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;
using StreamRnn.Client;
using StreamRnn.Contracts;
using StreamRnn.Batching;
using StreamRnn.Models.Checkpoints;

namespace StreamRnn.Silo.Tests;

[Collection(HotSwapPipelineGroup.Name)]
public sealed class HotSwapTests(HotSwapPipelineFixture fixture)
{
    private const int SensorCount = 24;
    private const int SwitchQuietReadings = 100;
    // Well past the likelihood's learning period (300) and a switch's probation (50, after which only a 50-reading prior
    // of the old model's errors is left): the sensors' error statistics are then the new model's.
    private const int ReadingsOnTheNewModel = 1_000;
    private static readonly DateTimeOffset Start = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private static readonly string[] Sensors = [.. Enumerable.Range(0, SensorCount).Select(i => $"swap-{i:D2}")];

    private IFineTuningCoordinatorGrain Coordinator => fixture.Client.GetGrain<IFineTuningCoordinatorGrain>("default");

    private IModelRegistryGrain Registry => fixture.Client.GetGrain<IModelRegistryGrain>("default");

    private IInferenceBatcher[] Batchers => [.. fixture.Cluster.Silos.Select(s => s.ServiceProvider.GetRequiredService<IInferenceBatcher>())];

    [Fact]
    public async Task ContinuousStream_SeveralPromotionsAndARollback_NoStepFailsOrIsLostVersionsOnlyGoBackByRollbackAndNoSwitchAlerts()
    {
        var ct = TestContext.Current.CancellationToken;
        var sensors = Sensors;
        var alerts = new ConcurrentQueue<SensorAlert>();
        var stream = fixture.Client.GetStreamProvider(StreamNames.Provider)
            .GetStream<SensorAlert>(StreamId.Create(StreamNames.AlertsNamespace, StreamNames.AllAlertsKey));
        var subscription = await stream.SubscribeAsync((alert, _) =>
        {
            alerts.Enqueue(alert);
            return Task.CompletedTask;
        });

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var produced = new int[SensorCount];
        var producing = Task.Run(() => Produce(sensors, produced, stop.Token), ct);

        // 1: a fine-tuned candidate, promoted through the gate (its errors are far smaller than the seeded model's).
        var round = await EventuallyTrainedAsync(ct);
        Assert.True(round.Outcome == FineTuningOutcome.Promoted, round.Reason);
        var tuned = round.CandidateVersion!.Value;
        await AllBatchersServeAsync(tuned, ct);

        // Long enough under the tuned weights for the sensors' error statistics to be the tuned model's.
        await MoreReadingsAppliedAsync(sensors, ReadingsOnTheNewModel, ct);

        // 2: a rollback through the same path, to a clearly worse model: the switch most likely to look anomalous.
        var restored = await Coordinator.RollbackAsync("test rollback", ct);
        Assert.Equal(round.ParentVersion, restored.Version);
        await AllBatchersServeAsync(restored.Version, ct);
        await MoreReadingsAppliedAsync(sensors, SwitchQuietReadings, ct);

        // 3 and 4: forced promotions of slightly perturbed copies of the tuned weights, while the stream keeps running.
        var second = await PromotePerturbedCopyAsync(tuned, 1e-4f, ct);
        var third = await PromotePerturbedCopyAsync(second, 2e-4f, ct);
        await MoreReadingsAppliedAsync(sensors, 60, ct);

        await stop.CancelAsync();
        await producing;
        var snapshots = await AllAppliedAsync(sensors, produced, ct);
        await subscription.UnsubscribeAsync();

        Assert.All(Batchers, b => Assert.Equal(0, b.FailedSteps));
        Assert.All(Batchers, b => Assert.Equal(third, b.ModelVersion));
        for (var i = 0; i < SensorCount; i++)
        {
            var snapshot = snapshots[i];
            Assert.Equal(produced[i], snapshot.ReadingsApplied);
            Assert.Equal(third, snapshot.ModelVersion);
            Assert.NotEmpty(snapshot.ModelSwitches);
            Assert.All(snapshot.ModelSwitches, s => Assert.True(
                s.To > s.From || (s.From == tuned && s.To == restored.Version),
                $"{snapshot.SensorId} went from v{s.From} to v{s.To} without a rollback"));
        }

        var switchAlerts = alerts
            .Where(a => a.Kind == AlertKind.Anomaly && sensors.Contains(a.SensorId))
            .Where(a => snapshots.Single(s => s.SensorId == a.SensorId).ModelSwitches.Any(s => Step(a) >= s.ReadingsApplied && Step(a) < s.ReadingsApplied + SwitchQuietReadings))
            .ToList();
        Assert.True(switchAlerts.Count == 0, $"anomaly alerts within {SwitchQuietReadings} readings after a switch: {string.Join(", ", switchAlerts.Select(a => $"{a.SensorId}@{Step(a)} v{a.ModelVersion}"))}");
    }

    private static long Step(SensorAlert alert) => (long)(alert.Timestamp - Start).TotalMinutes;

    private static double Value(int sensor, int step) =>
        20 + (4 * Math.Sin((step + (sensor * 7)) / 6.0)) + (0.02 * Math.Sin((step * 12.9898) + sensor));

    private void Produce(string[] sensors, int[] produced, CancellationToken stop)
    {
        using var replay = new ReplayProducer(fixture.ProducerConfig(), PipelineFixture.ReadingsTopic);
        for (var step = 0; !stop.IsCancellationRequested; step++)
        {
            for (var i = 0; i < sensors.Length; i++)
            {
                replay.Produce(sensors[i], Start.AddMinutes(step), [Value(i, step)]);
                produced[i]++;
            }

            // A steady stream, not a backlog: about 2,000 readings a second.
            stop.WaitHandle.WaitOne(10);
        }

        replay.Flush(CancellationToken.None);
        Assert.Equal(0, replay.Failed);
    }

    private async Task<FineTuningRound> EventuallyTrainedAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var round = await Coordinator.TrainNowAsync(ct);
            if (round.Outcome != FineTuningOutcome.Skipped || DateTime.UtcNow > deadline)
            {
                return round;
            }

            await Task.Delay(250, ct);
        }
    }

    private async Task<int> PromotePerturbedCopyAsync(int version, float scale, CancellationToken ct)
    {
        var source = CheckpointFile.Deserialize(await Registry.GetCheckpointAsync(version, ct));
        var random = new Random(version);
        var perturbed = source with
        {
            Parameters = [.. source.Parameters.Select(p => p with { Values = [.. p.Values.Select(v => v + (scale * ((random.NextSingle() * 2) - 1)))] })],
        };
        var registered = await Registry.RegisterAsync(CheckpointFile.Serialize(perturbed), $"perturbed copy of v{version}", ct);
        var round = await Coordinator.PromoteAsync(registered.Version, force: true, ct);
        Assert.True(round.Outcome == FineTuningOutcome.Promoted, round.Reason);
        await AllBatchersServeAsync(registered.Version, ct);
        await MoreReadingsAppliedAsync(Sensors, SwitchQuietReadings, ct);
        return registered.Version;
    }

    private async Task AllBatchersServeAsync(int version, CancellationToken ct)
    {
        var served = await PipelineFixture.EventuallyAsync(() => Task.FromResult(Batchers.All(b => b.ModelVersion == version)), Deadline, ct);
        Assert.True(served, $"not every batcher served v{version} in time: {string.Join(", ", Batchers.Select(b => b.ModelVersion))}");
    }

    private async Task MoreReadingsAppliedAsync(string[] sensors, int readings, CancellationToken ct)
    {
        var before = await SnapshotsAsync(sensors, ct);
        var moved = await PipelineFixture.EventuallyAsync(
            async () => (await SnapshotsAsync(sensors, ct)).Zip(before).All(p => p.First.ReadingsApplied >= p.Second.ReadingsApplied + readings),
            Deadline,
            ct);
        Assert.True(moved, "the stream stopped moving");
    }

    private async Task<SensorSnapshot[]> AllAppliedAsync(string[] sensors, int[] produced, CancellationToken ct)
    {
        SensorSnapshot[] snapshots = [];
        var applied = await PipelineFixture.EventuallyAsync(
            async () =>
            {
                snapshots = await SnapshotsAsync(sensors, ct);
                return snapshots.Select((s, i) => s.ReadingsApplied >= produced[i]).All(done => done);
            },
            Deadline,
            ct);
        Assert.True(applied, "not every produced reading was applied");
        return snapshots;
    }

    private Task<SensorSnapshot[]> SnapshotsAsync(string[] sensors, CancellationToken ct) =>
        Task.WhenAll(sensors.Select(s => fixture.Client.GetGrain<ISensorGrain>(s).GetSnapshotAsync(ct).AsTask()));
}
