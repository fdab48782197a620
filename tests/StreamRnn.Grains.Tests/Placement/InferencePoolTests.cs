using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.TestingHost;
using StreamRnn.Batching;
using StreamRnn.Contracts;
using StreamRnn.Grains.Placement;
using StreamRnn.Grains.Training;
using StreamRnn.Models;
using StreamRnn.Models.Checkpoints;

namespace StreamRnn.Grains.Tests.Placement;

/// <summary>
/// The pool across silos on real two-silo clusters (CPU; the accelerator silo is one that advertises
/// <c>streamrnn.accelerator=cuda</c> by setting): where each step runs is read from each silo's batcher step counter, and
/// what it computed from the scores the sensors publish, compared with a cluster that batches locally
/// (<see cref="LocalPoolRunFixture"/>: the same readings, model and seed).
/// </summary>
public sealed class InferencePoolTests(LocalPoolRunFixture local) : IClassFixture<LocalPoolRunFixture>
{
    [Fact]
    public void ApplyAsync_NoAcceleratorSilo_EveryStepRunsOnTheSensorsOwnSilo()
    {
        Assert.Equal(LocalPoolRunFixture.Sensors, local.SensorsOnPlain);
        Assert.Equal(0, local.SensorsOnSecond);
        Assert.Empty(local.Route);
        Assert.Equal(LocalPoolRunFixture.Sensors * LocalPoolRunFixture.Readings, local.PlainSteps);
        Assert.Equal(0, local.SecondSteps);
        Assert.Equal(0, local.Sent);
    }

    [Fact]
    public async Task ApplyAsync_AcceleratorSiloInCluster_EveryStepOfPlainSiloSensorsRunsOnItsBatcherWithLocalResults()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pool = await PoolCluster.StartRoutedToAcceleratorAsync(ct);
        var accelerator = pool.Second;
        var (plainBefore, acceleratorBefore) = (pool.BatcherSteps(pool.Plain), pool.BatcherSteps(accelerator));

        await LocalPoolRunFixture.ApplyAsync(pool.Plain, 0, LocalPoolRunFixture.Readings, concurrently: false, ct);

        const long total = LocalPoolRunFixture.Sensors * LocalPoolRunFixture.Readings;
        Assert.Equal(LocalPoolRunFixture.Sensors, PoolCluster.Sensors(pool.Plain).Count);
        Assert.Equal(0, PoolCluster.Sensors(accelerator).Count);
        Assert.Equal(0, pool.BatcherSteps(pool.Plain) - plainBefore);
        Assert.Equal(total, pool.BatcherSteps(accelerator) - acceleratorBefore);
        Assert.Equal(total, PoolCluster.PoolCounters(pool.Plain).SentTotal);
        Assert.Equal(total, PoolCluster.PoolCounters(accelerator).ServedTotal);
        Assert.Equal(0, PoolCluster.PoolCounters(pool.Plain).RetriesTotal);
        local.AssertSameScores(pool.Scores, exactly: true);
    }

    [Fact]
    public async Task ApplyAsync_AcceleratorSiloJoinsThenLeaves_StepsMoveThereAndBackWithNothingLost()
    {
        var ct = TestContext.Current.CancellationToken;
        const int sensors = LocalPoolRunFixture.Sensors;
        const int third = LocalPoolRunFixture.Readings / 3;
        await using var pool = await PoolCluster.StartAsync(acceleratorSilo: true, ct, silos: 1);
        var accelerator = pool.Plain;

        // Alone: local.
        await LocalPoolRunFixture.ApplyAsync(pool.Plain, 0, third, ct);
        Assert.Equal(sensors * third, pool.BatcherSteps(pool.Plain));

        // An accelerator silo joins: every step goes there.
        accelerator = await pool.Cluster.StartAdditionalSiloAsync();
        Assert.Equal(0, pool.BatcherSteps(accelerator));
        await pool.WaitForRouteAsync([accelerator.SiloAddress], ct);
        await LocalPoolRunFixture.ApplyAsync(pool.Plain, third, 2 * third, ct);
        Assert.Equal(sensors * third, pool.BatcherSteps(pool.Plain));
        Assert.Equal(sensors * third, pool.BatcherSteps(accelerator));
        Assert.Equal(sensors * third, PoolCluster.PoolCounters(accelerator).ServedTotal);

        // It leaves: the steps come back, none lost, none run twice (the hidden state stayed in the sensors).
        await pool.Cluster.StopSiloAsync(accelerator, ct);
        await LocalPoolRunFixture.ApplyAsync(pool.Plain, 2 * third, LocalPoolRunFixture.Readings, ct);
        Assert.Equal(sensors * (LocalPoolRunFixture.Readings - third), pool.BatcherSteps(pool.Plain));
        Assert.Equal(sensors * third, pool.BatcherSteps(accelerator));
        await pool.WaitForRouteAsync([], ct);
        local.AssertSameScores(pool.Scores, exactly: false);
    }

    [Fact]
    public async Task ApplyAsync_AcceleratorSiloKilled_StepsRunOnTheSensorsSiloWithNothingLost()
    {
        var ct = TestContext.Current.CancellationToken;
        const int sensors = LocalPoolRunFixture.Sensors;
        const int third = LocalPoolRunFixture.Readings / 3;
        await using var pool = await PoolCluster.StartRoutedToAcceleratorAsync(ct);
        var accelerator = pool.Second;
        await LocalPoolRunFixture.ApplyAsync(pool.Plain, 0, third, ct);
        Assert.Equal(sensors * third, pool.BatcherSteps(accelerator));

        // No goodbye. The plain silo may still count it alive (its calls then fail and run here, once each: the in-flight
        // case itself is ApplyAsync_PoolCallsFailInFlight_…), or has already heard it is dead and routes here.
        await pool.Cluster.KillSiloAsync(accelerator, ct);
        await LocalPoolRunFixture.ApplyAsync(pool.Plain, third, LocalPoolRunFixture.Readings, ct);

        Assert.Equal(sensors * (LocalPoolRunFixture.Readings - third), pool.BatcherSteps(pool.Plain));
        Assert.Equal(sensors * third, pool.BatcherSteps(accelerator));
        var retries = PoolCluster.PoolCounters(pool.Plain).RetriesTotal;
        TestContext.Current.TestOutputHelper?.WriteLine($"calls retried on the plain silo after the kill: {retries}");
        Assert.InRange(retries, 0, sensors);
        await pool.WaitForRouteAsync([], ct);
        local.AssertSameScores(pool.Scores, exactly: false);
    }

    [Fact]
    public async Task ApplyAsync_PoolCallsFailInFlight_EachFailedCallRunsOnceOnTheSensorsSiloWithNothingLost()
    {
        var ct = TestContext.Current.CancellationToken;
        const int sensors = LocalPoolRunFixture.Sensors;
        const int third = LocalPoolRunFixture.Readings / 3;
        await using var pool = await PoolCluster.StartRoutedToAcceleratorAsync(ct);
        var accelerator = pool.Second;
        await LocalPoolRunFixture.ApplyAsync(pool.Plain, 0, third, ct);

        pool.FailPoolCalls = true;
        await LocalPoolRunFixture.ApplyAsync(pool.Plain, third, 2 * third, ct);
        var retries = PoolCluster.PoolCounters(pool.Plain).RetriesTotal;

        // Every step while calls failed ran on the plain silo (retried, or routed there once the silo was left out), once.
        Assert.InRange(retries, 1, sensors * third);
        Assert.Equal(sensors * third, pool.BatcherSteps(accelerator));
        Assert.Equal(sensors * third, pool.BatcherSteps(pool.Plain));

        // Healed: wherever the rest runs (the silo may still be left out), every step runs once.
        pool.FailPoolCalls = false;
        await LocalPoolRunFixture.ApplyAsync(pool.Plain, 2 * third, LocalPoolRunFixture.Readings, ct);
        Assert.Equal(sensors * LocalPoolRunFixture.Readings, pool.BatcherSteps(pool.Plain) + pool.BatcherSteps(accelerator));
        local.AssertSameScores(pool.Scores, exactly: false);
    }

    [Fact]
    public async Task StepAsync_KeyNamesASiloThatIsNotInTheCluster_AnswersOnTheCallersSiloThenLeaves()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pool = await PoolCluster.StartAsync(acceleratorSilo: false, ct, silos: 1);
        var gone = SiloAddress.New(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1), 1);
        var grains = pool.Plain.ServiceProvider.GetRequiredService<IGrainFactory>();
        var channels = ModelShape.FromOptions(new ModelOptions()).Channels;

        var reply = await grains.GetGrain<IInferencePoolGrain>(PoolGrainKey.Format(gone, 0)).StepAsync(new StepCall(new float[channels], 1, null), ct);

        Assert.NotEmpty(reply.Forecasts);
        Assert.Equal(1, pool.BatcherSteps(pool.Plain));
        Assert.Equal(1, PoolCluster.PoolCounters(pool.Plain).ServedTotal);

        // Placed here only because its silo is not a member: it does not stay, so a later call is placed anew.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await pool.PoolGrainActivationsAsync() > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the misplaced pool grain stayed active");
            await Task.Delay(20, ct);
        }
    }

    [Fact]
    public async Task ApplyAsync_VersionPromotedWhileStepsRunOnTheAcceleratorSilo_LaterScoresComeFromTheNewVersionThere()
    {
        var ct = TestContext.Current.CancellationToken;
        const int half = LocalPoolRunFixture.Readings / 3;
        await using var pool = await PoolCluster.StartRoutedToAcceleratorAsync(ct);
        var accelerator = pool.Second;
        await LocalPoolRunFixture.ApplyAsync(pool.Plain, 0, half, ct);

        // A new version: the seeded model's weights scaled down (finite, different forecasts).
        var options = new ModelOptions();
        using var model = new RecurrentForecaster(ModelShape.FromOptions(options), options.Seed);
        var seeded = ModelCheckpoints.Capture(model, [], new Dictionary<string, string>());
        var scaled = seeded with { Parameters = [.. seeded.Parameters.Select(p => p with { Values = [.. p.Values.Select(v => v * 0.5f)] })] };
        var registry = pool.Cluster.Client.GetGrain<IModelRegistryGrain>(new FineTuningOptions().Group);
        var registered = await registry.RegisterAsync(CheckpointFile.Serialize(scaled), "scaled.ckpt", ct);
        await registry.PromoteAsync(registered.Version, "test", ct);
        var batchers = new[] { pool.Plain, accelerator }.Select(silo => silo.ServiceProvider.GetRequiredService<IInferenceBatcher>()).ToArray();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (batchers.Any(batcher => batcher.ModelVersion != registered.Version))
        {
            Assert.True(DateTime.UtcNow < deadline, $"batchers serve v{string.Join(", v", batchers.Select(b => b.ModelVersion))}, not v{registered.Version}");
            await Task.Delay(20, ct);
        }

        await LocalPoolRunFixture.ApplyAsync(pool.Plain, half, 2 * half, ct);

        Assert.Equal(0, pool.BatcherSteps(pool.Plain));
        Assert.Equal(1, batchers[1].Swaps);
        for (var sensor = 0; sensor < LocalPoolRunFixture.Sensors; sensor++)
        {
            var scores = pool.Scores.For(LocalPoolRunFixture.SensorId(sensor));
            Assert.Equal(2 * half, scores.Count);
            Assert.All(scores.Take(half).Skip(1), score => Assert.Equal(1, score.ModelVersion)); // the first reading has no forecast (v0)
            Assert.All(scores.Skip(half), score => Assert.Equal(registered.Version, score.ModelVersion));
            var snapshot = await PoolCluster.Sensor(pool.Plain, LocalPoolRunFixture.SensorId(sensor)).GetSnapshotAsync(ct);
            Assert.Equal(registered.Version, snapshot.ModelVersion);
        }
    }
}

/// <summary>
/// The reference: a two-silo cluster with no accelerator silo runs the readings of <see cref="Sensors"/> sensors on its
/// first silo, one call at a time; keeps their scores and each silo's batcher steps, then stops.
/// </summary>
public sealed class LocalPoolRunFixture : IAsyncLifetime
{
    public const int Sensors = 24;

    public const int Readings = 150;

    /// <summary>Forecasts in the sensor's units agree to float32 rounding times its scale (as in SensorGrainOfflineEquivalenceTests).</summary>
    private const double ExpectedTolerance = 1e-5;

    /// <summary>Scores move by that rounding times their slope.</summary>
    private const double ScoreTolerance = 1e-6;

    /// <summary>
    /// Where calls end: readings per call cycle through single readings and sequences (a sequence is one call of several
    /// steps), and a call also ends at each third, so a run in parts calls with the same sequences as a run in one go.
    /// </summary>
    private static readonly ImmutableSortedSet<int> Boundaries = BoundariesOf([1, 7, 2, 30, 1, 4]);

    public IReadOnlyDictionary<string, SensorScore[]> Scores { get; private set; } = null!;

    public long PlainSteps { get; private set; }

    public long SecondSteps { get; private set; }

    public long SensorsOnPlain { get; private set; }

    public long SensorsOnSecond { get; private set; }

    public long Sent { get; private set; }

    public IReadOnlyList<SiloAddress> Route { get; private set; } = [];

    public static string SensorId(int sensor) => $"pool-{sensor}";

    /// <summary>Applies readings [<paramref name="from"/>, <paramref name="to"/>) of every sensor through <paramref name="silo"/>, the sensors concurrently.</summary>
    public static async Task ApplyAsync(InProcessSiloHandle silo, int from, int to, CancellationToken cancellationToken) =>
        await ApplyAsync(silo, from, to, concurrently: true, cancellationToken);

    /// <summary>
    /// Applies readings [<paramref name="from"/>, <paramref name="to"/>) of every sensor through <paramref name="silo"/>:
    /// the sensors concurrently (batches of several sensors, whose makeup varies from run to run), or one call at a time
    /// (every batch holds one sensor's call, in every run).
    /// </summary>
    public static async Task ApplyAsync(InProcessSiloHandle silo, int from, int to, bool concurrently, CancellationToken cancellationToken)
    {
        var start = from;
        while (start < to)
        {
            var end = Math.Min(Boundaries.First(boundary => boundary > start), to);
            var (first, last) = (start, end);
            Task<ApplyResult> Apply(int sensor) =>
                PoolCluster.Sensor(silo, SensorId(sensor)).ApplyAsync(new SensorReadingBatch([.. Enumerable.Range(first, last - first).Select(t => Reading(sensor, t))]), cancellationToken).AsTask();
            var results = new List<ApplyResult>();
            if (concurrently)
            {
                results.AddRange(await Task.WhenAll(Enumerable.Range(0, Sensors).Select(Apply)));
            }
            else
            {
                for (var sensor = 0; sensor < Sensors; sensor++)
                {
                    results.Add(await Apply(sensor));
                }
            }

            Assert.All(results, result => Assert.Equal(last - first, result.Applied));
            start = end;
        }
    }

    /// <summary>
    /// Every sensor published one score per reading, in order, equal to the reference's (forecast, score, version):
    /// bit for bit when <paramref name="exactly"/> (calls made one at a time in both runs, so every batch is made up
    /// alike), else to float32 rounding (a batched forward may round a row differently with other rows beside it).
    /// </summary>
    public void AssertSameScores(RecordingScoreSink scores, bool exactly)
    {
        ArgumentNullException.ThrowIfNull(scores);
        for (var sensor = 0; sensor < Sensors; sensor++)
        {
            var id = SensorId(sensor);
            var actual = scores.For(id);
            var expected = Scores[id];
            Assert.Equal(Readings, actual.Count);
            for (var t = 0; t < Readings; t++)
            {
                Assert.Equal(t, actual[t].SourceOffset);
                Assert.Equal(expected[t].ModelVersion, actual[t].ModelVersion);
                Assert.True(Same(expected[t].Expected, actual[t].Expected, ExpectedTolerance), $"{id} reading {t}: forecast {actual[t].Expected} here, {expected[t].Expected} batched locally");
                Assert.True(Same(expected[t].Score, actual[t].Score, ScoreTolerance), $"{id} reading {t}: score {actual[t].Score} here, {expected[t].Score} batched locally");
            }
        }

        bool Same(double a, double b, double tolerance) => exactly ? a.Equals(b) : Math.Abs(a - b) <= tolerance;
    }

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pool = await PoolCluster.StartAsync(acceleratorSilo: false, ct);
        var second = pool.Second;
        await ApplyAsync(pool.Plain, 0, Readings, concurrently: false, ct);
        Scores = Enumerable.Range(0, Sensors).Select(SensorId).ToDictionary(id => id, id => pool.Scores.For(id).ToArray());
        PlainSteps = pool.BatcherSteps(pool.Plain);
        SecondSteps = pool.BatcherSteps(second);
        SensorsOnPlain = PoolCluster.Sensors(pool.Plain).Count;
        SensorsOnSecond = PoolCluster.Sensors(second).Count;
        Sent = PoolCluster.PoolCounters(pool.Plain).SentTotal;
        Route = PoolCluster.Router(pool.Plain).AcceleratorSilos;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static ImmutableSortedSet<int> BoundariesOf(int[] sizes)
    {
        var boundaries = ImmutableSortedSet.CreateBuilder<int>();
        for (int at = 0, call = 0; at < Readings; at += sizes[call++ % sizes.Length])
        {
            boundaries.Add(at);
        }

        boundaries.Add(Readings / 3);
        boundaries.Add(2 * (Readings / 3));
        boundaries.Add(Readings);
        return boundaries.ToImmutable();
    }

    private static SensorReading Reading(int sensor, int t)
    {
        // A noisy wave, different per sensor, with a spike; the noise a hash of (sensor, t), so every run reads the same.
        var noise = (((sensor * 7919) + (t * 104_729)) % 1000) / 1000.0;
        var value = 20 + (3 * Math.Sin((t + sensor) / 4.0)) + (0.3 * noise) + (t == 100 ? 25 : 0);
        return new SensorReading(0, t, DateTimeOffset.UnixEpoch.AddMinutes(t), ImmutableArray.Create(value));
    }
}
