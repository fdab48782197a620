using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using StreamRnn.Contracts;
using StreamRnn.Scoring;

namespace StreamRnn.Grains.Tests;

/// <summary>Runs on the fake-clock cluster: sensors' arrivals and dropout follow <see cref="FakeClockClusterFixture.Clock"/>.</summary>
[Collection(FakeClockClusterGroup.Name)]
public sealed class SensorGrainTests(FakeClockClusterFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // A sensor takes readings in time order; readings from another partition (after a repartition) come later.
    private static SensorReadingBatch Batch(int partition, long firstOffset, params double[] values) =>
        new([.. values.Select((value, i) => new SensorReading(partition, firstOffset + i, Start.AddMinutes((partition * 10_000) + firstOffset + i), [value]))]);

    private static double[] Sine(int count, int offset = 0) =>
        [.. Enumerable.Range(offset, count).Select(i => 10 + 3 * Math.Sin(i / 7.0) + 0.2 * Math.Cos(i * 1.7))];

    [Fact]
    public async Task ApplyAsync_SameOffsetsDeliveredAgain_LeavesStateUnchanged()
    {
        var ct = TestContext.Current.CancellationToken;
        var sensor = fixture.Client.GetGrain<ISensorGrain>("redelivery-1");
        var batch = Batch(3, 100, Sine(30));
        var first = await sensor.ApplyAsync(batch, ct);
        var before = await sensor.GetSnapshotAsync(ct);

        var again = await sensor.ApplyAsync(batch, ct);
        var overlapping = await sensor.ApplyAsync(Batch(3, 110, Sine(20, 10)), ct);
        var after = await sensor.GetSnapshotAsync(ct);

        Assert.Equal(new ApplyResult(30, 0, first.Alerts), first);
        Assert.Equal(0, again.Applied);
        Assert.Equal(30, again.Duplicates);
        Assert.Equal(0, overlapping.Applied);
        Assert.Equal(before.ReadingsApplied, after.ReadingsApplied);
        Assert.Equal(before.HiddenState, after.HiddenState);
        Assert.Equal(before.Forecast, after.Forecast);
        Assert.Equal(before.LastValue, after.LastValue);
        Assert.Equal(129, after.AppliedOffsets[3]);
    }

    [Fact]
    public async Task ApplyAsync_PublishingScoresFailsThenTheBatchComesAgain_EndsAsIfItNeverFailed()
    {
        var ct = TestContext.Current.CancellationToken;
        var failing = fixture.Client.GetGrain<ISensorGrain>("rollback-failing");
        var steady = fixture.Client.GetGrain<ISensorGrain>("rollback-steady");
        foreach (var sensor in new[] { failing, steady })
        {
            await sensor.ApplyAsync(Batch(0, 0, Sine(40)), ct);
        }

        // The pipeline has taken the batch in when publishing fails: the snapshot taken before it is put back.
        fixture.ScoreSink.FailNextFor = "rollback-failing";
        await Assert.ThrowsAnyAsync<Exception>(async () => await failing.ApplyAsync(Batch(0, 40, Sine(20, 40)), ct));
        var afterFailure = await failing.GetSnapshotAsync(ct);
        var again = await failing.ApplyAsync(Batch(0, 40, Sine(20, 40)), ct);
        await steady.ApplyAsync(Batch(0, 40, Sine(20, 40)), ct);

        var (rolledBack, reference) = (await failing.GetSnapshotAsync(ct), await steady.GetSnapshotAsync(ct));
        Assert.Null(fixture.ScoreSink.FailNextFor);
        Assert.Equal(40, afterFailure.ReadingsApplied);
        Assert.Equal(20, again.Applied);
        Assert.Equal(reference.ReadingsApplied, rolledBack.ReadingsApplied);
        Assert.Equal(reference.HiddenState, rolledBack.HiddenState);
        Assert.Equal(reference.Forecast, rolledBack.Forecast);
        Assert.Equal(reference.Score, rolledBack.Score);
        Assert.Equal(reference.ForecastErrorEwma, rolledBack.ForecastErrorEwma);
        Assert.Equal(
            fixture.ScoreSink.For("rollback-steady").Select(score => (score.Timestamp, score.Score)),
            fixture.ScoreSink.For("rollback-failing").Select(score => (score.Timestamp, score.Score)));
    }

    [Fact]
    public async Task ApplyAsync_BatchMixingAppliedAndNewOffsets_AppliesOnlyTheNewOnes()
    {
        var ct = TestContext.Current.CancellationToken;
        var sensor = fixture.Client.GetGrain<ISensorGrain>("redelivery-2");
        await sensor.ApplyAsync(Batch(0, 0, Sine(10)), ct);

        var result = await sensor.ApplyAsync(Batch(0, 5, Sine(10, 5)), ct);
        var otherPartition = await sensor.ApplyAsync(Batch(1, 0, Sine(2)), ct);
        var snapshot = await sensor.GetSnapshotAsync(ct);

        Assert.Equal(5, result.Applied);
        Assert.Equal(5, result.Duplicates);
        Assert.Equal(2, otherPartition.Applied);
        Assert.Equal(17, snapshot.ReadingsApplied);
        Assert.Equal(14, snapshot.AppliedOffsets[0]);
        Assert.Equal(1, snapshot.AppliedOffsets[1]);
    }

    [Fact]
    public async Task ApplyAsync_OneReadingAtATimeOrAllAtOnce_GivesTheSameState()
    {
        var ct = TestContext.Current.CancellationToken;
        var values = Sine(40);
        var stepwise = fixture.Client.GetGrain<ISensorGrain>("equivalence-stepwise");
        var whole = fixture.Client.GetGrain<ISensorGrain>("equivalence-whole");
        for (var i = 0; i < values.Length; i++)
        {
            await stepwise.ApplyAsync(Batch(0, i, values[i]), ct);
        }

        await whole.ApplyAsync(Batch(0, 0, values), ct);
        Assert.True(await stepwise.CheckpointAsync(ImmutableDictionary<int, long>.Empty, ct));
        Assert.True(await whole.CheckpointAsync(ImmutableDictionary<int, long>.Empty, ct));
        var a = await fixture.ReadSensorStateAsync("equivalence-stepwise");
        var b = await fixture.ReadSensorStateAsync("equivalence-whole");

        // The whole state, every field. A 40-step forward pass and 40 one-step passes may round the forecasts
        // differently in float32's last bits, so floating-point fields agree to a tolerance, everything else exactly.
        Assert.Equal(a.HiddenState.Length, b.HiddenState.Length);
        AssertClose(a.HiddenState, b.HiddenState, nameof(SensorState.HiddenState));
        Assert.Equal(a.AppliedOffsets, b.AppliedOffsets);
        Assert.Equal(a.AlertsRaised, b.AlertsRaised);
        Assert.Equal(a.ModelVersion, b.ModelVersion);
        Assert.Equal(a.ModelSwitches, b.ModelSwitches);
        Assert.Equal(a.SettingsOverrides, b.SettingsOverrides);
        var stepwiseState = SensorPipelineState.FromBytes(a.Pipeline);
        var wholeState = SensorPipelineState.FromBytes(b.Pipeline);
        Assert.Equal(values.Length, stepwiseState.ReadingsApplied);
        foreach (var property in typeof(SensorPipelineState).GetProperties())
        {
            var (x, y) = (property.GetValue(stepwiseState), property.GetValue(wholeState));
            switch (x)
            {
                case double value:
                    AssertClose([value], [(double)y!], property.Name);
                    break;
                case double[] array:
                    AssertClose(array, (double[])y!, property.Name);
                    break;
                case float[] array:
                    AssertClose(array, (float[])y!, property.Name);
                    break;
                case byte[] scorer:
                    AssertSameScorer(scorer, (byte[])y!);
                    break;
                default:
                    Assert.Equal(x, y);
                    break;
            }
        }
    }

    /// <summary>Floating-point state agrees to float32 rounding of the forecasts, relative to the value.</summary>
    private const double StateTolerance = 1e-5;

    private static void AssertClose<T>(IReadOnlyList<T> a, IReadOnlyList<T> b, string field)
        where T : IConvertible
    {
        Assert.Equal(a.Count, b.Count);
        for (var i = 0; i < a.Count; i++)
        {
            var (x, y) = (a[i].ToDouble(null), b[i].ToDouble(null));
            Assert.True(Math.Abs(x - y) <= StateTolerance * Math.Max(1, Math.Abs(x)), $"{field}[{i}]: {x} one by one, {y} at once");
        }
    }

    /// <summary>
    /// Two saved scorers are the same state when they have the same layout and go on to judge the same readings alike
    /// (the scorer keeps its fields to itself; its bytes hold doubles that differ in the last bits like the forecasts).
    /// </summary>
    private static void AssertSameScorer(byte[] a, byte[] b)
    {
        Assert.Equal(a.Length, b.Length);
        var settings = new SensorOptions().ToScorerSettings();
        var (x, y) = (SensorScorer.Load(a, settings), SensorScorer.Load(b, settings));
        Assert.Equal(x.Readings, y.Readings);
        var next = Sine(400, 40);
        for (var i = 0; i < next.Length; i++)
        {
            var time = Start.AddMinutes(40 + i);
            var (p, q) = (x.Step(next[i], time, next[i] + 0.1), y.Step(next[i], time, next[i] + 0.1));
            Assert.Equal((p.Anomaly, p.Spike, p.RateOfChange, p.OutOfRange), (q.Anomaly, q.Spike, q.RateOfChange, q.OutOfRange));
            Assert.True(Math.Abs(p.Surprise - q.Surprise) <= StateTolerance, $"surprise at {i}: {p.Surprise} vs {q.Surprise}");
        }
    }

    [Fact]
    public async Task ApplyAsync_ValueStuckAfterVaryingReadings_RaisesOneStuckAlert()
    {
        var ct = TestContext.Current.CancellationToken;
        const string id = "stuck-1";
        var sensor = fixture.Client.GetGrain<ISensorGrain>(id);
        await sensor.ApplyAsync(Batch(0, 0, Sine(50)), ct);
        await sensor.ApplyAsync(Batch(0, 50, Enumerable.Repeat(11.5, 40).ToArray()), ct);

        var stuck = fixture.AlertSink.For(id).Where(a => a.Kind == AlertKind.Stuck).ToList();
        Assert.Single(stuck);
        Assert.Equal(AlertIds.Create(id, 0, stuck[0].SourceOffset, AlertKind.Stuck), stuck[0].AlertId);
    }

    [Fact]
    public async Task ApplyAsync_SpikeAfterLearningPeriod_RaisesAnomalyAtTheSpike()
    {
        var ct = TestContext.Current.CancellationToken;
        const string id = "spike-1";
        var sensor = fixture.Client.GetGrain<ISensorGrain>(id);
        var values = Sine(400);
        values[300] += 40;
        await sensor.ApplyAsync(Batch(0, 0, values), ct);

        var anomalies = fixture.AlertSink.For(id).Where(a => a.Kind == AlertKind.Anomaly).ToList();
        Assert.Contains(anomalies, a => a.SourceOffset is >= 300 and <= 302);
        Assert.All(anomalies, a => Assert.Equal(1, a.ModelVersion));
    }

    [Fact]
    public async Task DropoutWatch_SensorGoesSilent_RaisesDropoutWithoutAnyReadingAndStoresIt()
    {
        var ct = TestContext.Current.CancellationToken;
        const string id = "dropout-1";
        var sensor = fixture.Client.GetGrain<ISensorGrain>(id);

        // Readings come every second, so 5 s of silence (Sensors:DropoutIntervals) is a dropout; the silo's wake-ups judge it.
        var dropout = await ReadThenFallSilentAsync(sensor, id, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(6), ct);
        Assert.Equal(4, dropout.SourceOffset);
        Assert.Equal(Start.AddMinutes(4), dropout.Timestamp);
        Assert.Equal(AlertIds.Create(id, 0, 4, AlertKind.Dropout), dropout.AlertId);

        // A silent sensor gets no ingest checkpoint: the dropout is written by the wake-up's turn itself.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var stored = await fixture.ReadSensorStateAsync(id);
        while (stored.AlertsRaised == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25, ct);
            stored = await fixture.ReadSensorStateAsync(id);
        }

        Assert.Equal(1, stored.AlertsRaised);
        Assert.Equal(4, stored.AppliedOffsets[0]);
    }

    [Fact]
    public async Task DropoutWatch_CheckPeriodOfAnHour_WakesWhenSilenceBecomesADropout()
    {
        var ct = TestContext.Current.CancellationToken;
        const string id = "dropout-deadline";
        var sensor = fixture.Client.GetGrain<ISensorGrain>(id);
        await sensor.SetSettingsAsync(
            ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new KeyValuePair<string, string>("DropoutCheckPeriod", "01:00:00"), new("MinimumDropoutSilence", "00:00:00.500")]),
            ct);

        // Readings 0.1 s apart: half a second of silence is a dropout. The watch sleeps until then (real time, as a
        // deployment's clock and timers agree), not for its hour-long check period, and finds the fake clock past it.
        var dropout = await ReadThenFallSilentAsync(sensor, id, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), ct);
        Assert.Equal(4, dropout.SourceOffset);
    }

    [Fact]
    public async Task DropoutWatch_WatchedSensor_WaitsOnTheSilosWakeUpsUntilItsDropoutIsRaised()
    {
        // No grain timer per sensor: one wake-up each on the silo's DropoutWakeUps, gone once nothing is left to judge.
        var ct = TestContext.Current.CancellationToken;
        const string id = "dropout-wake-ups";
        var sensor = fixture.Client.GetGrain<ISensorGrain>(id);
        var wakeUps = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<DropoutWakeUps>();
        var grainId = GrainId.Create("sensor", id);
        for (var i = 0; i < 5; i++)
        {
            fixture.Clock.Advance(TimeSpan.FromSeconds(1));
            await sensor.ApplyAsync(Batch(0, i, 10 + i), ct);
        }

        Assert.True(wakeUps.IsWaiting(grainId), "a sensor that can raise a dropout waits to be woken");

        fixture.Clock.Advance(TimeSpan.FromSeconds(6));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((fixture.AlertSink.For(id).All(a => a.Kind != AlertKind.Dropout) || wakeUps.IsWaiting(grainId)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25, ct);
        }

        Assert.Single(fixture.AlertSink.For(id), a => a.Kind == AlertKind.Dropout);
        Assert.False(wakeUps.IsWaiting(grainId), "after its dropout, nothing is left to judge until it reads again");
    }

    /// <summary>Five readings <paramref name="gap"/> apart on the fake clock, then <paramref name="silence"/>; the dropout its watch raises.</summary>
    private async Task<SensorAlert> ReadThenFallSilentAsync(ISensorGrain sensor, string id, TimeSpan gap, TimeSpan silence, CancellationToken ct)
    {
        for (var i = 0; i < 5; i++)
        {
            fixture.Clock.Advance(gap);
            await sensor.ApplyAsync(Batch(0, i, 10 + i), ct);
        }

        fixture.Clock.Advance(silence);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (fixture.AlertSink.For(id).All(a => a.Kind != AlertKind.Dropout) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25, ct);
        }

        return Assert.Single(fixture.AlertSink.For(id), a => a.Kind == AlertKind.Dropout);
    }

    [Fact]
    public async Task AlertIds_SameInputs_SameIdAndDifferentKindDifferentId()
    {
        await Task.CompletedTask;
        Assert.Equal(AlertIds.Create("s", 1, 2, AlertKind.Anomaly), AlertIds.Create("s", 1, 2, AlertKind.Anomaly));
        Assert.NotEqual(AlertIds.Create("s", 1, 2, AlertKind.Anomaly), AlertIds.Create("s", 1, 2, AlertKind.Stuck));
        Assert.NotEqual(AlertIds.Create("s", 1, 2, AlertKind.Anomaly), AlertIds.Create("s", 1, 3, AlertKind.Anomaly));
    }
}
