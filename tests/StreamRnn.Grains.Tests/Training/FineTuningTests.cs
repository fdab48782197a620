using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using StreamRnn.Contracts;
using StreamRnn.Models;
using StreamRnn.Batching;
using StreamRnn.Telemetry;
using StreamRnn.Models.Checkpoints;

namespace StreamRnn.Grains.Tests.Training;

[Collection(FineTuningClusterGroup.Name)]
public sealed class FineTuningTests(FineTuningClusterFixture fixture)
{
    private const int BatchReadings = 20;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private IFineTuningCoordinatorGrain Coordinator => fixture.Client.GetGrain<IFineTuningCoordinatorGrain>("default");

    private IModelRegistryGrain Registry => fixture.Client.GetGrain<IModelRegistryGrain>("default");

    private IInferenceBatcher Batcher => fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IInferenceBatcher>();

    [Fact]
    public async Task TrainNow_FleetWhoseBehaviourDrifted_PromotesACandidateThatLowersLiveForecastError()
    {
        var ct = TestContext.Current.CancellationToken;
        var sensors = Enumerable.Range(0, 16).Select(i => $"drift-{i:D2}").ToArray();
        await FeedAsync(sensors, 0, 200, Regular, ct);
        await FeedAsync(sensors, 200, 400, Drifted, ct);
        var before = await FleetErrorAsync(sensors, ct);
        var servedBefore = Batcher.ModelVersion;

        var round = await Coordinator.TrainNowAsync(ct);
        await PollAsync(() => Batcher.ModelVersion == round.CandidateVersion, ct);
        await FeedAsync(sensors, 600, 300, Drifted, ct);
        var after = await FleetErrorAsync(sensors, ct);
        var snapshots = await Task.WhenAll(sensors.Select(s => fixture.Client.GetGrain<ISensorGrain>(s).GetSnapshotAsync(ct).AsTask()));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"held-out loss {round.BaselineLoss:G4} -> {round.CandidateLoss:G4}; fleet one-step error {before:G4} -> {after:G4}; trained {round.TrainWindows} windows in {round.TrainingDuration.TotalSeconds:F2} s on {round.Device}");

        Assert.True(round.Outcome == FineTuningOutcome.Promoted, round.Reason);
        Assert.True(round.CandidateLoss < round.BaselineLoss, $"held-out loss {round.CandidateLoss} vs {round.BaselineLoss}");
        Assert.True(after < 0.7 * before, $"fleet one-step error {after:G4} after fine-tuning vs {before:G4} before (margin: 30 %)");
        Assert.All(snapshots, s =>
        {
            Assert.Equal(round.CandidateVersion, s.ModelVersion);
            Assert.Contains(new { From = servedBefore, To = round.CandidateVersion!.Value }, s.ModelSwitches.Select(m => new { m.From, m.To }));
        });
        var promoted = await Registry.GetAsync(round.CandidateVersion!.Value, ct);
        Assert.Equal(ModelVersionStatus.Active, promoted.Status);
        Assert.Equal(servedBefore, promoted.ParentVersion);
        Assert.True(promoted.Metrics["candidateLoss"] < promoted.Metrics["baselineLoss"]);
    }

    [Fact]
    public async Task PromoteAsync_CandidateWorseOnHeldOutWindows_IsRejectedAndNeverServed()
    {
        var ct = TestContext.Current.CancellationToken;
        await FeedAsync([.. Enumerable.Range(0, 4).Select(i => $"gate-{i}")], 0, 160, Regular, ct);
        var active = await Registry.GetActiveAsync(ct);
        var worse = await Registry.RegisterAsync(ConstantWeights(0.5f), "constant.ckpt", ct);

        var round = await Coordinator.PromoteAsync(worse.Version, force: false, ct);
        var again = await Assert.ThrowsAsync<ModelVersionException>(() => Coordinator.PromoteAsync(worse.Version, force: true, ct));

        Assert.Equal(FineTuningOutcome.Rejected, round.Outcome);
        Assert.Contains("worse", round.Reason, StringComparison.Ordinal);
        Assert.Equal(ModelVersionStatus.Rejected, (await Registry.GetAsync(worse.Version, ct)).Status);
        Assert.Contains("rejected", again.Message, StringComparison.Ordinal);
        Assert.Equal(active.Version, (await Registry.GetActiveAsync(ct)).Version);
        Assert.Equal(active.Version, Batcher.ModelVersion);
    }

    [Fact]
    public async Task PromoteAsync_CandidateWithNaNWeight_IsNeverPromotedEvenWithForce()
    {
        var ct = TestContext.Current.CancellationToken;
        var active = await Registry.GetActiveAsync(ct);
        var nan = await Registry.RegisterAsync(ConstantWeights(float.NaN), "nan.ckpt", ct);

        var refused = await Assert.ThrowsAsync<ModelVersionException>(() => Coordinator.PromoteAsync(nan.Version, force: true, ct));

        Assert.Equal(ModelVersionStatus.Rejected, nan.Status);
        Assert.Contains("non-finite", refused.Message, StringComparison.Ordinal);
        Assert.Equal(active.Version, (await Registry.GetActiveAsync(ct)).Version);
    }

    [Fact]
    public async Task ForcedVersionForecastingInfinity_IsRolledBackWithTheReasonAndSensorsNeverSeeIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var sensors = Enumerable.Range(0, 4).Select(i => $"overflow-{i}").ToArray();
        await FeedAsync(sensors, 0, 40, Regular, ct);
        var active = await Registry.GetActiveAsync(ct);
        await PollAsync(() => Batcher.ModelVersion == active.Version, ct);
        var overflowing = await Registry.RegisterAsync(Models.OverflowingCheckpoints.Bytes(), "overflowing.ckpt", ct);
        Assert.Equal(ModelVersionStatus.Candidate, overflowing.Status);

        // --force skips the held-out comparison only: the weights are finite, so the version is served.
        var round = await Coordinator.PromoteAsync(overflowing.Version, force: true, ct);
        Assert.Equal(FineTuningOutcome.Promoted, round.Outcome);
        await PollAsync(() => Batcher.ModelVersion == overflowing.Version, ct);
        await FeedAsync(sensors, 40, 40, Regular, ct);
        await PollAsync(async () => (await Registry.GetActiveAsync(ct)).Version == active.Version, ct);
        await PollAsync(() => Batcher.ModelVersion == active.Version, ct);
        var dropped = await Registry.GetAsync(overflowing.Version, ct);
        var restored = await Registry.GetAsync(active.Version, ct);
        var snapshots = await Task.WhenAll(sensors.Select(s => fixture.Client.GetGrain<ISensorGrain>(s).GetSnapshotAsync(ct).AsTask()));

        Assert.Equal(ModelVersionStatus.Rejected, dropped.Status);
        Assert.Contains("forecast non-finite values at run time", dropped.StatusReason, StringComparison.Ordinal);
        Assert.StartsWith(FormattableString.Invariant($"rollback from v{overflowing.Version}"), restored.StatusReason, StringComparison.Ordinal);
        Assert.All(snapshots, s =>
        {
            Assert.Equal(80, s.ReadingsApplied);
            Assert.Equal(active.Version, s.ModelVersion);
            Assert.DoesNotContain(s.ModelSwitches, m => m.To == overflowing.Version);
            Assert.True(double.IsFinite(s.ForecastErrorEwma), $"{s.SensorId}: {s.ForecastErrorEwma}");
        });
        Assert.All(sensors, s => Assert.Empty(fixture.DeadLetters.For(s)));
        await Assert.ThrowsAsync<ModelVersionException>(() => Coordinator.PromoteAsync(overflowing.Version, force: true, ct));
    }

    [Fact]
    public async Task Sensors_LeaveWindowsAroundAnAlertOutOfTheTrainingBuffer()
    {
        var ct = TestContext.Current.CancellationToken;
        var received = (await Coordinator.GetStatusAsync(ct)).WindowsReceived;

        // Windows lie on a grid of 32 readings (this fixture's Training:WindowSteps) and are sent once the 4 after them
        // (Training:GuardReadings) are scored. 55 clean readings, then a stuck value from reading 56: the STUCK alert at
        // reading 68 falls in the guard after the window of readings 33-64, and the event keeps every later window out,
        // so only the window of readings 1-32 is sent.
        await FeedAsync(["stuck-contributor"], 0, 55, Regular, ct);
        await FeedAsync(["stuck-contributor"], 55, 200, (_, _) => 42.0, ct);

        // 100 clean readings: the windows of readings 1-32, 33-64 and 65-96.
        await FeedAsync(["clean-contributor"], 0, 100, Regular, ct);
        await PollAsync(async () => (await Coordinator.GetStatusAsync(ct)).WindowsReceived >= received + 4, ct);
        var stuck = await fixture.Client.GetGrain<ISensorGrain>("stuck-contributor").GetSnapshotAsync(ct);

        Assert.Contains(fixture.AlertSink.For("stuck-contributor"), a => a.Kind == AlertKind.Stuck);
        Assert.Equal(255, stuck.ReadingsApplied);
        Assert.Equal(received + 4, (await Coordinator.GetStatusAsync(ct)).WindowsReceived);
    }

    [Fact]
    public async Task Switch_ToAClearlyWorseModelAfterALongRunOnABetterOne_RaisesNoAnomalyAlert()
    {
        var ct = TestContext.Current.CancellationToken;
        var sensors = Enumerable.Range(0, 12).Select(i => $"switch-quiet-{i:D2}").ToArray();
        await FeedAsync(sensors, 0, 300, Regular, ct);
        var round = await Coordinator.TrainNowAsync(ct);
        var tuned = (await Registry.GetActiveAsync(ct)).Version;
        Assert.True(tuned > 1, $"no fine-tuned version is active: {round.Outcome} {round.Reason}");
        await PollAsync(() => Batcher.ModelVersion == tuned, ct);

        // Long enough on the tuned weights that the sensors' error statistics are the tuned model's: well past the
        // likelihood's learning period (300) and the switch's probation (50), after which only a 50-reading prior of the
        // old model's errors is left.
        const int ReadingsOnTheTunedModel = 1_100;
        await FeedAsync(sensors, 300, ReadingsOnTheTunedModel, Regular, ct);
        var switchedAt = 300 + ReadingsOnTheTunedModel;
        var alertsBefore = fixture.AlertSink.Alerts.Count(a => sensors.Contains(a.SensorId));
        await Coordinator.PromoteAsync(1, force: true, ct);
        await PollAsync(() => Batcher.ModelVersion == 1, ct);
        await FeedAsync(sensors, switchedAt, 200, Regular, ct);
        var snapshots = await Task.WhenAll(sensors.Select(s => fixture.Client.GetGrain<ISensorGrain>(s).GetSnapshotAsync(ct).AsTask()));
        var afterSwitch = fixture.AlertSink.Alerts.Where(a => sensors.Contains(a.SensorId)).Skip(alertsBefore).ToList();
        await Coordinator.PromoteAsync(tuned, force: true, ct);

        Assert.All(snapshots, s => Assert.Contains(s.ModelSwitches, m => m.From == tuned && m.To == 1));
        Assert.True(afterSwitch.Count == 0, $"{afterSwitch.Count} alerts after the switch, first: {string.Join(", ", afterSwitch.Take(5).Select(a => $"{a.Kind} {a.SensorId} at {a.Timestamp:u}"))}");
    }

    private static double Regular(int sensor, int step) =>
        10 + (3 * Math.Sin((step + (sensor * 3)) / 3.0)) + (0.05 * Math.Sin(step * 12.9898 + sensor));

    private static double Drifted(int sensor, int step) =>
        14 + (5 * Math.Sin((step + (sensor * 5)) / 9.0)) + (2 * Math.Sin((step + sensor) / 2.5)) + (0.05 * Math.Sin(step * 78.233 + sensor));

    private static byte[] ConstantWeights(float fill)
    {
        var shape = ModelShape.FromOptions(new ModelOptions());
        var parameters = ForecasterLayout.Expected(shape)
            .Select(p => new CheckpointParameter(p.Name, p.Shape, Enumerable.Repeat(fill, (int)p.Shape.Aggregate(1L, (a, b) => a * b)).ToArray()))
            .ToList();
        return CheckpointFile.Serialize(new ModelCheckpoint(shape, [], new Dictionary<string, string>(), parameters));
    }

    private static async Task PollAsync(Func<bool> done, CancellationToken ct) => await PollAsync(() => Task.FromResult(done()), ct);

    private static async Task PollAsync(Func<Task<bool>> done, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met before the deadline");
            await Task.Delay(20, ct);
        }
    }

    private async Task FeedAsync(string[] sensors, int first, int count, Func<int, int, double> value, CancellationToken ct)
    {
        await Task.WhenAll(sensors.Select(async (sensorId, index) =>
        {
            var sensor = fixture.Client.GetGrain<ISensorGrain>(sensorId);
            for (var offset = first; offset < first + count; offset += BatchReadings)
            {
                var readings = Enumerable.Range(offset, Math.Min(BatchReadings, first + count - offset))
                    .Select(step => new SensorReading(0, step, Start.AddMinutes(step), [value(index, step)]))
                    .ToImmutableArray();
                await sensor.ApplyAsync(new SensorReadingBatch(readings), ct);
            }
        }));
    }

    private async Task<double> FleetErrorAsync(string[] sensors, CancellationToken ct)
    {
        var snapshots = await Task.WhenAll(sensors.Select(s => fixture.Client.GetGrain<ISensorGrain>(s).GetSnapshotAsync(ct).AsTask()));
        return snapshots.Average(s => s.ForecastErrorEwma);
    }
}
