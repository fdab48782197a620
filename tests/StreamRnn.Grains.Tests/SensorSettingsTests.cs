using System.Collections.Immutable;
using StreamRnn.Contracts;
using StreamRnn.Scoring;

namespace StreamRnn.Grains.Tests;

[Collection(GrainClusterGroup.Name)]
public sealed class SensorSettingsTests(GrainClusterFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);

    private static SensorReadingBatch Batch(long firstOffset, params double[] values) =>
        new([.. values.Select((value, i) => new SensorReading(0, firstOffset + i, Start.AddMinutes(firstOffset + i), [value]))]);

    private static ImmutableSortedDictionary<string, string> Values(params (string Key, string Value)[] pairs) =>
        pairs.ToImmutableSortedDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);

    [Fact]
    public async Task SetSettingsAsync_MaxValueOnOneSensor_RaisesOutOfRangeOnThatSensorOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        var limited = fixture.Client.GetGrain<ISensorGrain>("settings-limited");
        var other = fixture.Client.GetGrain<ISensorGrain>("settings-unlimited");
        var view = await limited.SetSettingsAsync(Values(("MaxValue", "100")), ct);

        Assert.Equal("100", view.Sensor.Values["MaxValue"]);
        Assert.Equal("100", view.Effective["MaxValue"]);
        foreach (var sensor in new[] { limited, other })
        {
            await sensor.ApplyAsync(Batch(0, 50, 60, 150, 70), ct);
        }

        var outOfRange = fixture.AlertSink.For("settings-limited").Where(a => a.Kind == AlertKind.OutOfRange).ToList();
        Assert.Equal([(2L, AlertPhase.Start), (3L, AlertPhase.End)], outOfRange.Select(a => (a.SourceOffset, a.Phase)));
        Assert.DoesNotContain(fixture.AlertSink.For("settings-unlimited"), a => a.Kind == AlertKind.OutOfRange);
    }

    [Fact]
    public async Task SetSettingsAsync_UnknownKeyOrInvalidValue_ThrowsNamingTheSettingAndKeepsTheOldOnes()
    {
        var ct = TestContext.Current.CancellationToken;
        var sensor = fixture.Client.GetGrain<ISensorGrain>("settings-invalid");
        await sensor.SetSettingsAsync(Values(("AnomalyThreshold", "0.6")), ct);

        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => sensor.SetSettingsAsync(Values(("NoSuchSetting", "1")), ct).AsTask());
        var unreadable = await Assert.ThrowsAsync<ArgumentException>(() => sensor.SetSettingsAsync(Values(("MinimumEventGap", "soon")), ct).AsTask());
        var outOfRange = await Assert.ThrowsAsync<ArgumentException>(() => sensor.SetSettingsAsync(Values(("AnomalyThreshold", "1.5")), ct).AsTask());
        var clash = await Assert.ThrowsAsync<ArgumentException>(() => sensor.SetSettingsAsync(Values(("MinValue", "10"), ("MaxValue", "5")), ct).AsTask());

        Assert.Contains("Sensors:NoSuchSetting", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("Sensors:MinimumEventGap", unreadable.Message, StringComparison.Ordinal);
        Assert.Contains("Sensors:AnomalyThreshold", outOfRange.Message, StringComparison.Ordinal);
        Assert.Contains("Sensors:MinValue", clash.Message, StringComparison.Ordinal);
        var view = await sensor.GetSettingsAsync(ct);
        Assert.Equal(Values(("AnomalyThreshold", "0.6")), view.Sensor.Values);
        Assert.Equal("0.6", view.Effective["AnomalyThreshold"]);
    }

    [Fact]
    public async Task GroupSetAsync_WindowSizeAboveItsRange_RefusedNamingTheSettingAndRange()
    {
        var ct = TestContext.Current.CancellationToken;
        var group = fixture.Client.GetGrain<ISensorGroupSettingsGrain>("settings-bounds");

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => group.SetAsync(Values(("WindowSize", "100000")), ct).AsTask());

        Assert.Contains("Sensors:WindowSize", refused.Message, StringComparison.Ordinal);
        Assert.Contains("between 1 and 4096", refused.Message, StringComparison.Ordinal);
        Assert.Empty((await group.GetAsync(ct)).Values);
    }

    [Fact]
    public async Task GroupSettings_SetThenSensorOverride_SensorOverrideWinsAndResetFallsBackToTheGroup()
    {
        var ct = TestContext.Current.CancellationToken;
        var group = fixture.Client.GetGrain<ISensorGroupSettingsGrain>("default");
        var sensor = fixture.Client.GetGrain<ISensorGrain>("settings-grouped");
        try
        {
            var overrides = await group.SetAsync(Values(("SpikeDeviations", "12")), ct);
            Assert.Equal("12", (await sensor.GetSettingsAsync(ct)).Effective["SpikeDeviations"]);

            await sensor.SetSettingsAsync(Values(("SpikeDeviations", "20")), ct);
            Assert.Equal("20", (await sensor.GetSettingsAsync(ct)).Effective["SpikeDeviations"]);

            var reset = await sensor.ResetSettingsAsync(ct);
            Assert.Empty(reset.Sensor.Values);
            Assert.Equal(overrides.Version, reset.Group.Version);
            Assert.Equal(overrides.Values, reset.Group.Values);
            Assert.Equal("12", reset.Effective["SpikeDeviations"]);
            await Assert.ThrowsAsync<ArgumentException>(() => group.SetAsync(Values(("SpikeDeviations", "-1")), ct).AsTask());
            Assert.Equal("12", (await group.GetAsync(ct)).Values["SpikeDeviations"]);
        }
        finally
        {
            await group.ResetAsync(ct);
        }

        Assert.Equal(new SensorOptions().SpikeDeviations.ToString(System.Globalization.CultureInfo.InvariantCulture), (await sensor.GetSettingsAsync(ct)).Effective["SpikeDeviations"]);
    }
}
