using StreamRnn.Scoring;

namespace StreamRnn.Grains.Tests;

public sealed class SensorStateTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Pipeline_KeptLive_IsThePipelinesBytesAsItIsEachTime()
    {
        var state = new SensorState { Pipeline = [1, 2, 3] };
        var pipeline = new SensorPipeline(new SensorOptions().ToPipelineSettings(null));
        state.KeepPipelineLive(pipeline);
        var before = state.Pipeline;
        Assert.Equal(pipeline.Save(), before);

        var inputs = pipeline.Normalize([new SensorPipelineReading(Start, [10.0], 0, 0)]);
        pipeline.Score(inputs, [inputs.Values[0]], 0, 1, false, Start);

        Assert.Equal(pipeline.Save(), state.Pipeline);
        Assert.NotEqual(before, state.Pipeline);
    }

    [Fact]
    public void Pipeline_SetAfterKeptLive_IsTheBytesSetAndThePipelineIsLetGo()
    {
        var state = new SensorState();
        state.KeepPipelineLive(new SensorPipeline(new SensorOptions().ToPipelineSettings(null)));

        state.Pipeline = [7, 8];

        Assert.Equal([7, 8], state.Pipeline);
    }
}
