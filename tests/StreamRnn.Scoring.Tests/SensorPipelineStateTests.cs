namespace StreamRnn.Scoring.Tests;

public sealed class SensorPipelineStateTests
{
    private static readonly SensorPipelineSettings Settings =
        new SensorOptions().ToPipelineSettings(new TrainingWindowSettings { Steps = 16, GuardReadings = 4 });

    private static SensorPipeline Scored(int readings)
    {
        var pipeline = new SensorPipeline(Settings);
        var batch = Enumerable.Range(0, readings).Select(t => new SensorPipelineReading(ScoringSeries.Start.AddMinutes(t), [10 + (3 * Math.Sin(t / 5.0))], 0, t)).ToArray();
        var inputs = pipeline.Normalize(batch);
        pipeline.Score(inputs, [.. inputs.Values.SelectMany(value => new[] { 0.9f * value, 0.8f * value })], 0, 1, false, ScoringSeries.Start);
        return pipeline;
    }

    /// <summary>Format 2 as it was written: format 3 without the channel relations at its end (a length and the bytes).</summary>
    private static byte[] AsFormat2(byte[] format3, int relationBytes) => [2, .. format3.AsSpan(1, format3.Length - 1 - 4 - relationBytes)];

    /// <summary>Format 1 as it was written: the recent raw values themselves where format 2 writes their count.</summary>
    private static byte[] AsFormat1(byte[] format2, int channels, double[] recentValues)
    {
        // Version, normaliser count, then means and variances (a length and the doubles each), then the count.
        var countAt = 1 + 8 + (2 * (4 + (8 * channels)));
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write((byte)1);
            writer.Write(format2.AsSpan(1, countAt - 1));
            writer.Write(recentValues.Length);
            foreach (var value in recentValues)
            {
                writer.Write(value);
            }

            // Format 1 ended with the scorer: format 2's cadence (a scale, 8 bytes, and an empty gap list, 4) was not in it.
            writer.Write(format2.AsSpan(countAt + 4, format2.Length - countAt - 4 - 12));
        }

        return stream.ToArray();
    }

    [Fact]
    public void FromBytes_Format1_ReadsTheRecentValuesAsTheirCount()
    {
        var pipeline = Scored(100);
        var format3 = pipeline.Save();
        var format2 = AsFormat2(format3, 0);
        var recent = Enumerable.Range(0, Settings.WindowSize).Select(i => i / 3.0).ToArray();

        var format1 = AsFormat1(format2, 1, recent);
        var state = SensorPipelineState.FromBytes(format1);

        Assert.Equal(1, format1[0]);
        Assert.Equal(Settings.WindowSize, state.RecentValueCount);
        Assert.Equal(100, state.ReadingsApplied);
        // Everything but the cadence is as format 2 wrote it; the cadence is learnt again from the next readings.
        var resaved = SensorPipeline.Load(format1, Settings).Save();
        Assert.Equal(format3[..^16], resaved[..^16]);
        Assert.Equal(0.0, state.CadenceScale);
        Assert.Equal(1.0, SensorPipelineState.FromBytes(format2).CadenceScale);
    }

    [Fact]
    public void Score_ManyReadings_CountsRecentValuesUpToTheWindow()
    {
        Assert.Equal(10, Scored(10).State.RecentValueCount);
        Assert.Equal(Settings.WindowSize, Scored(Settings.WindowSize + 30).State.RecentValueCount);
    }

    [Fact]
    public void Save_AfterLoadAndAfterSave_KeepsNoScorerBytesInTheState()
    {
        var saved = Scored(50).Save();
        var loaded = SensorPipeline.Load(saved, Settings);

        Assert.Empty(loaded.State.Scorer);
        Assert.Equal(saved, loaded.Save());
        Assert.Empty(loaded.State.Scorer);
        Assert.NotEmpty(SensorPipelineState.FromBytes(saved).Scorer);
    }

    [Fact]
    public void FromBytes_Format2OfAMultichannelSensor_ReadsItAndStartsItsChannelRelationsAfresh()
    {
        var pipeline = new SensorPipeline(Settings);
        var batch = Enumerable.Range(0, 100).Select(t => new SensorPipelineReading(ScoringSeries.Start.AddMinutes(t), [10 + (3 * Math.Sin(t / 5.0)), 2 * Math.Sin(t / 5.0)], 0, t)).ToArray();
        var inputs = pipeline.Normalize(batch);
        pipeline.Score(inputs, [.. Enumerable.Range(0, 100).SelectMany(step => new[] { inputs.Values[2 * step], inputs.Values[2 * step] })], 0, 1, false, ScoringSeries.Start);
        var format3 = pipeline.Save();
        var relations = SensorPipelineState.FromBytes(format3).ChannelRelations;

        var format2 = AsFormat2(format3, relations.Length);
        var state = SensorPipelineState.FromBytes(format2);
        var resaved = SensorPipeline.Load(format2, Settings).Save();

        Assert.Equal(3, SensorPipelineState.FormatVersion);
        Assert.NotEmpty(relations);
        Assert.Empty(state.ChannelRelations);
        Assert.Equal(100, state.ReadingsApplied);
        Assert.Equal(format3[1..^(4 + relations.Length)], resaved[1..^(4 + relations.Length)]);
        Assert.Equal(0, ChannelRelations.Load(SensorPipelineState.FromBytes(resaved).ChannelRelations, 2, Settings.Scorer.Seasonal.Buckets).Readings);
        Assert.Equal(100, ChannelRelations.Load(relations, 2, Settings.Scorer.Seasonal.Buckets).Readings);
    }
}
