using StreamRnn.Tests.Shared;

namespace StreamRnn.Scoring.Tests;

/// <summary>Multichannel sensors: every channel judged (issue 14 item 3), on the synthetic <see cref="PumpFleet"/>.</summary>
public sealed partial class SensorPipelineTests
{
    private static readonly SensorPipelineSettings SensorDefaults = new SensorOptions().ToPipelineSettings(null);

    private const int FleetDays = 14;
    private const int BreakAt = 10 * PumpFleet.PerDay;

    /// <summary>
    /// Runs a sensor over <paramref name="readings"/> in batches of an hour, channel 0 forecast by persistence (its last
    /// normalised reading: the channels' judging does not depend on the model), and returns every alert.
    /// </summary>
    private static List<PipelineAlert> RunSensor(SensorPipelineSettings settings, SensorPipelineReading[] readings, List<PipelineScore>? scores = null, SensorPipeline? pipeline = null)
    {
        pipeline ??= new SensorPipeline(settings);
        var alerts = new List<PipelineAlert>();
        for (var first = 0; first < readings.Length; first += 12)
        {
            var batch = readings[first..Math.Min(first + 12, readings.Length)];
            var inputs = pipeline.Normalize(batch);
            var forecasts = new float[batch.Length * 2];
            for (var step = 0; step < batch.Length; step++)
            {
                forecasts[2 * step] = forecasts[(2 * step) + 1] = inputs.Values[step * inputs.Channels];
            }

            var result = pipeline.Score(inputs, forecasts, 0, 1, false, batch[^1].Timestamp);
            alerts.AddRange(result.Alerts);
            scores?.AddRange(result.Scores);
        }

        return alerts;
    }

    /// <summary>The channels an anomaly event's start and updates named, and the channel each said contributed most.</summary>
    private static (int[] Named, int[] Largest) Named(IEnumerable<PipelineAlert> alerts)
    {
        var evidence = alerts.Where(alert => alert.Kind == PipelineAlertKind.Anomaly && alert.Evidence is not null).Select(alert => alert.Evidence!).ToList();
        return ([.. evidence.SelectMany(e => e.Channels ?? []).Distinct().Order()], [.. evidence.Select(e => e.Channel).Distinct().Order()]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Score_PressureDropsWhileVibrationIsNormal_AnomalyNamesThePressureChannel(int seed)
    {
        var alerts = RunSensor(SensorDefaults, PumpFleet.Pump(seed, FleetDays, PumpFleet.Fault.PressureDrop, BreakAt));

        var starts = alerts.Where(alert => alert is { Kind: PipelineAlertKind.Anomaly, Phase: AlertTransition.Start }).ToList();
        var start = Assert.Single(starts, alert => alert.Offset >= BreakAt && alert.Offset < BreakAt + PumpFleet.PerDay);
        Assert.DoesNotContain(starts, alert => alert.Offset < BreakAt);
        var evidence = start.Evidence!;
        Assert.Equal(AlertEvidence.RelationBasis, evidence.Basis);
        Assert.InRange(evidence.Channel, 1, 2);
        Assert.Contains(evidence.Channel, evidence.Channels!);
        Assert.Equal(4, evidence.ChannelSurprises!.Length);
        Assert.True(evidence.ChannelSurprises[0] < SensorDefaults.Scorer.Threshold, "channel 0 (vibration) stayed normal");

        // Over the event the pressure channel is named; vibration and temperature never are.
        var (named, _) = Named(alerts.Where(alert => alert.Offset >= BreakAt));
        Assert.Contains(2, named);
        Assert.DoesNotContain(0, named);
        Assert.DoesNotContain(3, named);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Score_TemperatureThatFollowsNoOtherChannelRises_AnomalyNamesTheTemperatureChannel(int seed)
    {
        var alerts = RunSensor(SensorDefaults, PumpFleet.Pump(seed, FleetDays, PumpFleet.Fault.TemperatureRise, BreakAt));

        var start = Assert.Single(alerts, alert => alert is { Kind: PipelineAlertKind.Anomaly, Phase: AlertTransition.Start } && alert.Offset >= BreakAt && alert.Offset < BreakAt + PumpFleet.PerDay);
        Assert.DoesNotContain(alerts, alert => alert.Kind == PipelineAlertKind.Anomaly && alert.Offset < BreakAt);
        Assert.Equal(AlertEvidence.RelationBasis, start.Evidence!.Basis);
        Assert.Equal(3, start.Evidence.Channel);
        Assert.Contains(3, start.Evidence.Channels!);
        Assert.True(start.Evidence.Observed > start.Evidence.Upper, $"{start.Evidence.Observed} above {start.Evidence.Upper}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Score_PressureDecouplesFromCurrentEachChannelNormalAlone_AnomalyNamesThemWhereChannel0SeesNothing(int seed)
    {
        var readings = PumpFleet.Pump(seed, FleetDays, PumpFleet.Fault.PressureDecoupled, BreakAt);

        // Each channel alone stays inside the range it had before the break (give or take a tenth of it) with the same mean.
        for (var channel = 0; channel < 4; channel++)
        {
            var before = readings[..BreakAt].Select(r => r.Values[channel]).ToArray();
            var after = readings[BreakAt..].Select(r => r.Values[channel]).ToArray();
            var slack = (before.Max() - before.Min()) / 10;
            Assert.All(after, value => Assert.InRange(value, before.Min() - slack, before.Max() + slack));
            Assert.InRange(after.Average(), before.Average() - slack, before.Average() + slack);
        }

        var alerts = RunSensor(SensorDefaults, readings);
        var channel0Only = RunSensor(SensorDefaults with { ChannelSurpriseScale = null }, readings);

        var start = Assert.Single(alerts, alert => alert is { Kind: PipelineAlertKind.Anomaly, Phase: AlertTransition.Start } && alert.Offset >= BreakAt && alert.Offset < BreakAt + PumpFleet.PerDay);
        Assert.DoesNotContain(alerts, alert => alert.Kind == PipelineAlertKind.Anomaly && alert.Offset < BreakAt);
        Assert.Equal(AlertEvidence.RelationBasis, start.Evidence!.Basis);
        Assert.InRange(start.Evidence.Channel, 1, 2);
        var (named, largest) = Named(alerts.Where(alert => alert.Offset >= BreakAt));
        Assert.Subset(new HashSet<int> { 1, 2 }, named.ToHashSet());
        Assert.Contains(2, largest);
        Assert.DoesNotContain(channel0Only, alert => alert.Kind == PipelineAlertKind.Anomaly && alert.Offset >= BreakAt && alert.Offset < BreakAt + PumpFleet.PerDay);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    public void Score_HealthyPumpForTheSameLength_JudgingEveryChannelAddsNoAlert(int seed)
    {
        var readings = PumpFleet.Pump(seed, FleetDays);

        var alerts = RunSensor(SensorDefaults, readings);
        var channel0Only = RunSensor(SensorDefaults with { ChannelSurpriseScale = null }, readings);

        // Channel 0's own model and seasonal profile judge as before (on two of these ten pumps its seasonal profile
        // raises one anomaly late in the fortnight); the other channels' relations add none.
        Assert.DoesNotContain(alerts, alert => alert.Evidence?.Basis == AlertEvidence.RelationBasis);
        Assert.Equal(Starts(channel0Only), Starts(alerts));
        Assert.DoesNotContain(alerts, alert => alert.Evidence?.Channels is { Length: > 0 } named && named.Any(channel => channel != 0));
    }

    private static (PipelineAlertKind Kind, long Offset)[] Starts(List<PipelineAlert> alerts) =>
        [.. alerts.Where(alert => alert.Phase == AlertTransition.Start).Select(alert => (alert.Kind, alert.Offset))];

    [Fact]
    public void Score_UnivariateSensor_SameScoresAlertsAndStateWithOrWithoutJudgingEveryChannel()
    {
        var readings = PumpFleet.Pump(1, FleetDays, PumpFleet.Fault.PressureDrop, BreakAt)
            .Select(reading => reading with { Values = [reading.Values[2]] }).ToArray();
        var judging = new SensorPipeline(SensorDefaults);
        var notJudging = new SensorPipeline(SensorDefaults with { ChannelSurpriseScale = null });
        var judgingScores = new List<PipelineScore>();
        var notJudgingScores = new List<PipelineScore>();

        var judgingAlerts = RunSensor(SensorDefaults, readings, judgingScores, judging);
        var notJudgingAlerts = RunSensor(SensorDefaults, readings, notJudgingScores, notJudging);

        Assert.Equal(notJudgingScores, judgingScores);
        Assert.Equal(notJudgingAlerts.Select(a => (a.Kind, a.Phase, a.Offset, a.Score, a.Evidence?.Channel, a.Evidence?.Channels)), judgingAlerts.Select(a => (a.Kind, a.Phase, a.Offset, a.Score, a.Evidence?.Channel, a.Evidence?.Channels)));
        Assert.Equal(notJudging.Save(), judging.Save());
        Assert.Empty(judging.State.ChannelRelations);
    }

    [Fact]
    public void Save_MultichannelThenLoad_JudgesOnAsIfNeverSaved()
    {
        var readings = PumpFleet.Pump(2, 4, PumpFleet.Fault.PressureDecoupled, 3 * PumpFleet.PerDay);
        var kept = new SensorPipeline(SensorDefaults);
        var saved = new SensorPipeline(SensorDefaults);
        RunSensor(SensorDefaults, readings[..(2 * PumpFleet.PerDay)], pipeline: kept);
        RunSensor(SensorDefaults, readings[..(2 * PumpFleet.PerDay)], pipeline: saved);

        var restored = SensorPipeline.Load(saved.Save(), SensorDefaults);
        var keptScores = new List<PipelineScore>();
        var restoredScores = new List<PipelineScore>();
        RunSensor(SensorDefaults, readings[(2 * PumpFleet.PerDay)..], keptScores, kept);
        RunSensor(SensorDefaults, readings[(2 * PumpFleet.PerDay)..], restoredScores, restored);

        Assert.Equal(keptScores, restoredScores);
        Assert.Equal(kept.Save(), restored.Save());
    }
}
