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
    /// 1e300 is a valid reading, but once it is in a sensor's normaliser the forecasts after it overflow to infinity and
    /// the scorer refuses them (issue 13 is to score such a value instead). Those readings are dead-lettered with the
    /// reason, every call returns, the offsets advance past them, and a sensor beside it gives exactly what it gives alone.
    /// </summary>
    [Fact]
    public async Task ApplyAsync_ScoringRefusesReadings_DeadLettersEachAndNeverThrows()
    {
        var ct = TestContext.Current.CancellationToken;
        const string poisoned = "isolation-poisoned";
        const string Poison = "1e300";
        var sensor = fixture.Client.GetGrain<ISensorGrain>(poisoned);
        var applied = 0;
        for (var from = 0; from < 600; from += 50)
        {
            var readings = Enumerable.Range(from, 50).Select(t => Reading(t, t == 430 ? double.Parse(Poison, System.Globalization.CultureInfo.InvariantCulture) : Value(t)));
            applied += (await sensor.ApplyAsync(new SensorReadingBatch([.. readings]), ct)).Applied;
        }

        var letters = fixture.DeadLetters.For(poisoned);
        Assert.NotEmpty(letters);
        Assert.All(letters, letter => Assert.Contains("ArgumentOutOfRangeException", letter.Detail, StringComparison.Ordinal));
        Assert.Equal(600, applied + letters.Count);
        Assert.Equal(letters.Select(l => l.Reading.Offset).Distinct().Count(), letters.Count);
        Assert.Equal(599, (await sensor.GetSnapshotAsync(ct)).AppliedOffsets[0]);

        // Redelivered, nothing is applied or dead-lettered again.
        var again = await sensor.ApplyAsync(new SensorReadingBatch([.. Enumerable.Range(550, 50).Select(t => Reading(t, Value(t)))]), ct);
        Assert.Equal(0, again.Applied);
        Assert.Equal(letters.Count, fixture.DeadLetters.For(poisoned).Count);
        Assert.True(await sensor.CheckpointAsync(ImmutableDictionary<int, long>.Empty, ct));
    }

    [Fact]
    public async Task ApplyAsync_OneReadingRefusedInABatch_AppliesTheReadingsBeforeItAsIfAlone()
    {
        var ct = TestContext.Current.CancellationToken;
        const string id = "isolation-prefix";
        const string alone = "isolation-prefix-alone";
        var sensor = fixture.Client.GetGrain<ISensorGrain>(id);
        var reference = fixture.Client.GetGrain<ISensorGrain>(alone);
        var batch = Enumerable.Range(0, 400).Select(t => Reading(t, t == 380 ? 1e300 : Value(t))).ToList();

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
