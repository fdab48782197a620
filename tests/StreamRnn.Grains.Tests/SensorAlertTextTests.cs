using StreamRnn.Contracts;
using StreamRnn.Scoring;

namespace StreamRnn.Grains.Tests;

/// <summary>The line <c>streamrnn alerts</c> prints for an alert names its numbers and why it fired.</summary>
public sealed class SensorAlertTextTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Every alert the real pipeline raises for <paramref name="values"/> (a persistence forecast), as the contract's alerts.</summary>
    private static List<SensorAlert> Raise(SensorOptions options, IEnumerable<double> values)
    {
        var pipeline = new SensorPipeline(options.ToPipelineSettings(null));
        var alerts = new List<SensorAlert>();
        var t = 0;
        foreach (var value in values)
        {
            var inputs = pipeline.Normalize([new SensorPipelineReading(Start.AddMinutes(t), [value], 0, t)]);
            alerts.AddRange(pipeline.Score(inputs, [inputs.Values[0]], 0, 1, false, Start).Alerts.Select(a => SensorAlerts.From("text", a)));
            t++;
        }

        return alerts;
    }

    private static IEnumerable<double> Wave(int count) => Enumerable.Range(0, count).Select(t => 10 + Math.Sin(t / 5.0));

    [Fact]
    public void Format_StuckStart_SaysTheRunAndTheThreshold()
    {
        var alert = Raise(new SensorOptions(), Wave(100).Concat(Enumerable.Repeat(7.5, 20))).First(a => a.Kind == AlertKind.Stuck);

        var line = SensorAlertText.Format(alert);

        Assert.EndsWith(" | stuck on ch0: 13 equal readings in a row (fires at 13; usual run 1)", line, StringComparison.Ordinal);
        Assert.Contains($" STUCK    text value=7.5 ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_OutOfRangeStart_SaysTheValueAndTheLimitCrossed()
    {
        var alert = Raise(new SensorOptions { MaxValue = 12 }, Wave(50).Append(12.5)).Single(a => a.Kind == AlertKind.OutOfRange);

        Assert.EndsWith(" | out of range on ch0: 12.5 vs expected ≤ 12 (limit 12 crossed)", SensorAlertText.Format(alert), StringComparison.Ordinal);
    }

    [Fact]
    public void Format_RateStart_SaysTheRatePerSecondAgainstTheLimit()
    {
        // From 10 + sin(9.8) ≈ 9.634 to 15.634 in a minute: 0.1/s against a limit of 0.05/s.
        var last = 10 + Math.Sin(49 / 5.0);
        var alert = Raise(new SensorOptions { MaxRatePerSecond = 0.05 }, Wave(50).Append(last + 6)).Single(a => a.Kind == AlertKind.RateOfChange);

        Assert.EndsWith(" | rate of change on ch0: 0.1/s vs expected -0.05–0.05/s (limit ±0.05)", SensorAlertText.Format(alert), StringComparison.Ordinal);
    }

    [Fact]
    public void Format_AnomalyStart_SaysTheRangeAndTheLikelihoodsStandardScore()
    {
        // The range seen would decide this jump first (the test below): without it, a likelihood does.
        var alert = Raise(new SensorOptions { NoveltyScale = 0 }, NoiseThenJump()).First(a => a.Kind == AlertKind.Anomaly);
        var why = alert.Explanation!;

        var line = SensorAlertText.Format(alert);

        Assert.Contains(FormattableString.Invariant($" | anomaly on ch0: 40 "), line, StringComparison.Ordinal);
        Assert.Contains(FormattableString.Invariant($"likelihood z={why.StandardScore:F1}"), line, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_AnomalyTheRangeSeenDecided_SaysTheBandAndBeyondTheRangeSeen()
    {
        var alert = Raise(new SensorOptions(), NoiseThenJump()).First(a => a.Kind == AlertKind.Anomaly);
        var why = alert.Explanation!;

        var line = SensorAlertText.Format(alert);

        Assert.Equal("range", why.Basis);
        Assert.Contains(FormattableString.Invariant($" | anomaly on ch0: 40 vs expected {why.Lower:G6}–{why.Upper:G6} (beyond the range seen)"), line, StringComparison.Ordinal);
    }

    /// <summary>1,000 readings of 10 with Gaussian noise of standard deviation 1, then five of 40.</summary>
    private static IEnumerable<double> NoiseThenJump()
    {
        var random = new Random(3);
        var noise = Enumerable.Range(0, 1_000).Select(_ => 10 + Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        return noise.Concat(Enumerable.Repeat(40.0, 5));
    }

    [Fact]
    public void Format_End_HasNoExplanation()
    {
        var alert = Raise(new SensorOptions { MaxValue = 12 }, Wave(50).Append(12.5).Append(10)).Single(a => a.Kind == AlertKind.OutOfRange && a.Phase == AlertPhase.End);

        var line = SensorAlertText.Format(alert);

        Assert.DoesNotContain("|", line, StringComparison.Ordinal);
        Assert.Contains(" OUTOFRANGE END text ", line, StringComparison.Ordinal);
    }
}
