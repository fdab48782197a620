namespace StreamRnn.Grains.Tests;

public sealed class SensorStateTests
{
    [Fact]
    public void Pipeline_KeptLive_IsWhatTheSourceGivesEachTime()
    {
        var state = new SensorState { Pipeline = [1, 2, 3] };
        var calls = 0;
        state.KeepPipelineLive(() => [(byte)++calls]);

        Assert.Equal([1], state.Pipeline);
        Assert.Equal([2], state.Pipeline);
    }

    [Fact]
    public void Pipeline_SetAfterKeptLive_IsTheBytesSetAndTheSourceIsLetGo()
    {
        var state = new SensorState();
        var calls = 0;
        state.KeepPipelineLive(() => [(byte)++calls]);

        state.Pipeline = [7, 8];

        Assert.Equal([7, 8], state.Pipeline);
        Assert.Equal(0, calls);
    }
}
