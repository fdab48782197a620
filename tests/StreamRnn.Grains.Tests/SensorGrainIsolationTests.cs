using System.Collections.Immutable;
using StreamRnn.Contracts;

namespace StreamRnn.Grains.Tests;

/// <summary>
/// Readings a sensor's scoring refuses are dead-lettered one by one (reason processing-failed) instead of failing the
/// call: ingest never retries them and no sensor can stop a silo. Other sensors are untouched.
/// </summary>
[Collection(FakeClockClusterGroup.Name)]
public sealed class SensorGrainIsolationTests(FakeClockClusterFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static double Value(int t) => 20 + (3 * Math.Sin(t / 4.0));

    private static SensorReading Reading(int t, double value) => new(0, t, Start.AddMinutes(t), [value]);

    /// <summary>
    /// A NaN reading (ingest refuses them, but a sensor must not depend on that) is refused by the scoring. Each is
    /// dead-lettered with the reason, every call returns, the offsets advance past them, and nothing is sent twice.
    /// </summary>
    [Fact]
    public async Task ApplyAsync_ScoringRefusesReadings_DeadLettersEachAndNeverThrows()
    {
        var ct = TestContext.Current.CancellationToken;
        const string poisoned = "isolation-poisoned";
        int[] poison = [100, 430, 431];
        var sensor = fixture.Client.GetGrain<ISensorGrain>(poisoned);
        var applied = 0;
        for (var from = 0; from < 600; from += 50)
        {
            var readings = Enumerable.Range(from, 50).Select(t => Reading(t, poison.Contains(t) ? double.NaN : Value(t)));
            applied += (await sensor.ApplyAsync(new SensorReadingBatch([.. readings]), ct)).Applied;
        }

        var letters = fixture.DeadLetters.For(poisoned);
        Assert.Equal(poison.Select(t => (long)t), letters.Select(l => l.Reading.Offset));
        Assert.All(letters, letter => Assert.Contains("ArgumentException", letter.Detail, StringComparison.Ordinal));
        Assert.Equal(597, applied);
        Assert.Equal(599, (await sensor.GetSnapshotAsync(ct)).AppliedOffsets[0]);

        // Redelivered, nothing is applied or dead-lettered again.
        var again = await sensor.ApplyAsync(new SensorReadingBatch([.. Enumerable.Range(400, 50).Select(t => Reading(t, poison.Contains(t) ? double.NaN : Value(t)))]), ct);
        Assert.Equal(0, again.Applied);
        Assert.Equal(poison.Length, fixture.DeadLetters.For(poisoned).Count);
        Assert.True(await sensor.CheckpointAsync(ImmutableDictionary<int, long>.Empty, ct));
    }

    /// <summary>
    /// 1e300 is a valid reading far outside the sensor's range: it is applied, scored and flagged out of range, never
    /// dead-lettered, and the sensor goes on scoring the readings after it (it used to overflow the forecasts).
    /// </summary>
    [Fact]
    public async Task ApplyAsync_ValueFarOutsideTheRange_ScoredAndFlaggedOutOfRange()
    {
        var ct = TestContext.Current.CancellationToken;
        const string id = "isolation-huge";
        var sensor = fixture.Client.GetGrain<ISensorGrain>(id);
        var applied = 0;
        for (var from = 0; from < 600; from += 50)
        {
            var readings = Enumerable.Range(from, 50).Select(t => Reading(t, t == 430 ? 1e300 : t == 500 ? double.MinValue : Value(t)));
            applied += (await sensor.ApplyAsync(new SensorReadingBatch([.. readings]), ct)).Applied;
        }

        Assert.Equal(600, applied);
        Assert.Empty(fixture.DeadLetters.For(id));
        var scores = fixture.ScoreSink.For(id);
        Assert.Equal(600, scores.Count);
        Assert.All(scores, score => Assert.True(double.IsFinite(score.Score) && double.IsFinite(score.Expected), $"offset {score.SourceOffset}"));
        var outOfRange = fixture.AlertSink.For(id).Where(alert => alert.Kind == AlertKind.OutOfRange).ToList();
        Assert.Contains(outOfRange, alert => alert.Phase == AlertPhase.Start && alert.SourceOffset == 430);
        Assert.Contains(outOfRange, alert => alert.Phase == AlertPhase.End && alert.SourceOffset == 431);
        Assert.Contains(outOfRange, alert => alert.Phase == AlertPhase.Start && alert.SourceOffset == 500);
    }

    [Fact]
    public async Task ApplyAsync_OneReadingRefusedInABatch_AppliesTheReadingsBeforeItAsIfAlone()
    {
        var ct = TestContext.Current.CancellationToken;
        const string id = "isolation-prefix";
        const string alone = "isolation-prefix-alone";
        var sensor = fixture.Client.GetGrain<ISensorGrain>(id);
        var reference = fixture.Client.GetGrain<ISensorGrain>(alone);
        var batch = Enumerable.Range(0, 400).Select(t => Reading(t, t == 380 ? double.NaN : Value(t))).ToList();

        var result = await sensor.ApplyAsync(new SensorReadingBatch([.. batch]), ct);
        await reference.ApplyAsync(new SensorReadingBatch([.. batch.Take(380)]), ct);

        Assert.Equal(400, result.Applied + fixture.DeadLetters.For(id).Count);

        // One-by-one steps after the refusal round differently in float32's last bits than one batched pass.
        var expected = fixture.ScoreSink.For(alone);
        var actual = fixture.ScoreSink.For(id).Where(s => s.SourceOffset < 380).ToList();
        Assert.Equal(expected.Select(s => s.SourceOffset), actual.Select(s => s.SourceOffset));
        Assert.All(expected.Zip(actual), pair => Assert.True(Math.Abs(pair.First.Score - pair.Second.Score) <= 1e-6, $"offset {pair.First.SourceOffset}"));
        Assert.Empty(fixture.DeadLetters.For(alone));
    }
}
