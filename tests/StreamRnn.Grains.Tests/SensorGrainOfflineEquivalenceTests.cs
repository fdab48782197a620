using StreamRnn.Contracts;
using StreamRnn.Models;
using StreamRnn.Models.Checkpoints;
using StreamRnn.Training;
using StreamRnn.Training.Offline;

namespace StreamRnn.Grains.Tests;

/// <summary>
/// A live <see cref="SensorGrain"/> and offline causal scoring (<see cref="SeriesScorer"/>) run the same
/// <c>SensorPipeline</c> with the same weights (the silo's seeded initial model) and the same default settings, so they
/// publish the same scores and alerts for the same series.
/// </summary>
[Collection(FakeClockClusterGroup.Name)]
public sealed class SensorGrainOfflineEquivalenceTests(FakeClockClusterFixture fixture)
{
    /// <summary>
    /// Scores agree to this: the grain's forecasts come from one forward pass per batch and offline's from one pass over
    /// the whole series, which may round differently in float32's last bits; the score moves by that rounding times its
    /// slope. Alerts (kind, phase, offset) must agree exactly.
    /// </summary>
    private const double ScoreTolerance = 1e-6;

    /// <summary>Expected values agree to float32 rounding of a forecast times the sensor's scale.</summary>
    private const double ExpectedTolerance = 1e-5;

    private const int Steps = 1_500;

    [Fact]
    public async Task ApplyAsync_SameSeriesAsOfflineScoring_PublishesTheSameScoresAndAlerts()
    {
        var ct = TestContext.Current.CancellationToken;
        const string id = "offline-equivalence";
        var series = Series();
        var sensor = fixture.Client.GetGrain<ISensorGrain>(id);
        int[] batchSizes = [1, 3, 17, 64, 200, 5];
        for (int from = 0, batch = 0; from < Steps; from += batchSizes[batch++ % batchSizes.Length])
        {
            var count = Math.Min(batchSizes[batch % batchSizes.Length], Steps - from);
            var readings = Enumerable.Range(from, count).Select(t => new SensorReading(0, t, series.Timestamps![t], [series[t, 0]]));
            await sensor.ApplyAsync(new SensorReadingBatch([.. readings]), ct);
        }

        var options = new ModelOptions();
        using var model = new RecurrentForecaster(ModelShape.FromOptions(options), options.Seed);
        using var offline = new SeriesScorer(ModelCheckpoints.Capture(model, [], new Dictionary<string, string>()));
        var expected = offline.Score(series, OfflineScoringMode.Causal, ct);

        var scores = fixture.ScoreSink.For(id);
        Assert.Equal(Steps, scores.Count);
        for (var t = 0; t < Steps; t++)
        {
            var row = expected.Rows[t];
            Assert.Equal(t, scores[t].SourceOffset);
            Assert.Equal(row.Timestamp, scores[t].Timestamp);
            Assert.Equal(row.Value, scores[t].Value);
            Assert.True(Math.Abs(row.Expected - scores[t].Expected) <= ExpectedTolerance, $"row {t}: expected {scores[t].Expected} live, {row.Expected} offline");
            Assert.True(Math.Abs(row.Score - scores[t].Score) <= ScoreTolerance, $"row {t}: score {scores[t].Score} live, {row.Score} offline");
        }

        var alerts = fixture.AlertSink.For(id);
        Assert.Equal(
            expected.Alerts.Select(a => (a.Kind.ToString(), a.Phase.ToString(), a.Offset)),
            alerts.Select(a => (a.Kind.ToString(), a.Phase.ToString(), a.SourceOffset)));
        Assert.Contains(alerts, a => a.Kind == AlertKind.Anomaly);
        Assert.Contains(alerts, a => a.Kind == AlertKind.Stuck);
        Assert.Contains(alerts, a => a.Kind == AlertKind.Spike);
    }

    /// <summary>A noisy daily-and-faster sine, one reading a minute, with a spike, a level shift and a stuck run.</summary>
    private static TimeSeries Series()
    {
        var random = new Random(5);
        var values = new float[Steps, 1];
        for (var t = 0; t < Steps; t++)
        {
            values[t, 0] = (float)(20 + (3 * Math.Sin(t / 4.0)) + (0.3 * random.NextDouble()));
        }

        values[800, 0] += 30;
        for (var t = 1_000; t < 1_200; t++)
        {
            values[t, 0] += 6;
        }

        for (var t = 1_300; t < 1_340; t++)
        {
            values[t, 0] = values[1_299, 0];
        }

        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return new TimeSeries("offline-equivalence", values, [.. Enumerable.Range(0, Steps).Select(t => start.AddMinutes(t))]);
    }
}
