namespace StreamRnn.Scoring.Tests;

public sealed class PipelineSnapshotTests
{
    private static readonly SensorPipelineSettings Settings =
        new SensorOptions().ToPipelineSettings(new TrainingWindowSettings { Steps = 16, GuardReadings = 4 });

    private static SensorPipeline Scored(int readings, int from = 0)
    {
        var pipeline = new SensorPipeline(Settings);
        Score(pipeline, readings, from);
        return pipeline;
    }

    private static void Score(SensorPipeline pipeline, int readings, int from)
    {
        var batch = Enumerable.Range(from, readings).Select(t => new SensorPipelineReading(ScoringSeries.Start.AddMinutes(t), [10 + (3 * Math.Sin(t / 5.0))], 0, t)).ToArray();
        var inputs = pipeline.Normalize(batch);
        pipeline.Score(inputs, [.. inputs.Values.SelectMany(value => new[] { 0.9f * value, 0.8f * value })], 0, 1, false, ScoringSeries.Start);
    }

    [Fact]
    public void ToArray_AfterThePipelineMovedOn_IsTheStateSaveGaveWhenTaken()
    {
        var pipeline = Scored(400);
        var expected = pipeline.Save();

        using var snapshot = PipelineSnapshot.Of(pipeline);
        Score(pipeline, 50, 400);

        Assert.Equal(expected, snapshot.ToArray());
        Assert.NotEqual(expected, pipeline.Save());
        Assert.Equal(expected, SensorPipeline.Load(snapshot.ToArray(), Settings).Save());
    }

    [Fact]
    public void Of_TakenOnEveryCall_AllocatesAFractionOfTheStateItSaves()
    {
        var pipeline = Scored(400);
        var stateBytes = pipeline.Save().Length;

        // Warm: the recycled buffers exist after the first snapshots.
        for (var i = 0; i < 4; i++)
        {
            PipelineSnapshot.Of(pipeline).Dispose();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            PipelineSnapshot.Of(pipeline).Dispose();
        }

        var perSnapshot = (GC.GetAllocatedBytesForCurrentThread() - before) / 100.0;
        var beforeSave = GC.GetAllocatedBytesForCurrentThread();
        _ = pipeline.Save();
        var perSave = GC.GetAllocatedBytesForCurrentThread() - beforeSave;

        TestContext.Current.TestOutputHelper?.WriteLine($"state {stateBytes} B; Save allocated {perSave} B; a snapshot {perSnapshot:N0} B");

        // Save allocates the array it returns and little else (it writes through a recycled buffer too); a snapshot
        // allocates its handle and writers, not the state.
        Assert.InRange(perSave, stateBytes, 2 * stateBytes);
        Assert.True(perSnapshot < stateBytes / 4.0, $"a snapshot allocated {perSnapshot:N0} B for {stateBytes} B of state");
    }

    [Fact]
    public void Dispose_Twice_GivesItsBufferBackOnce()
    {
        var pipeline = Scored(50);
        var snapshot = PipelineSnapshot.Of(pipeline);

        snapshot.Dispose();
        snapshot.Dispose();

        Assert.Throws<ObjectDisposedException>(() => snapshot.ToArray());
    }
}
