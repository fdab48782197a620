using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using StreamRnn.Grains;
using StreamRnn.Hosting;
using StreamRnn.Scoring;

namespace StreamRnn.Silo.Tests;

public sealed class RecycledBufferGrainStorageSerializerTests
{
    [Fact]
    public void Serialize_SensorState_SameBytesAsOrleansOwnAllocatedAboutOnce()
    {
        using var services = new ServiceCollection().AddSerializer(builder => builder.AddAssembly(typeof(SensorState).Assembly)).BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var recycled = new RecycledBufferGrainStorageSerializer(serializer);
        var orleans = new OrleansGrainStorageSerializer(serializer);
        var state = SensorStateWithPipeline();

        var expected = orleans.Serialize(state).ToArray();
        var written = recycled.Serialize(state).ToArray();
        var (recycledBytes, orleansBytes) = (AllocatedBy(() => recycled.Serialize(state)), AllocatedBy(() => orleans.Serialize(state)));
        var back = recycled.Deserialize<SensorState>(new BinaryData(written))!;

        Assert.Equal(expected, written);
        Assert.Equal(state.Pipeline, back.Pipeline);
        Assert.Equal(state.AppliedOffsets, back.AppliedOffsets);

        // One array of the written size and the objects around it; Orleans' own grows a buffer for every write as well.
        Assert.True(recycledBytes < orleansBytes, $"recycled {recycledBytes} B, Orleans' own {orleansBytes} B, state {written.Length} B");
        Assert.True(recycledBytes <= written.Length + 512, $"recycled {recycledBytes} B for a state of {written.Length} B");
        TestContext.Current.TestOutputHelper?.WriteLine($"state {written.Length} B: allocated {recycledBytes} B recycled, {orleansBytes} B Orleans' own");
    }

    [Fact]
    public void Deserialize_SensorStateWrittenBeforeAppliedOffsetsWereCompact_KeepsItsOffsets()
    {
        // Written by 983087d, whose SensorState kept the applied offsets in a Dictionary<int, long> (field 4): partition 0
        // at 499 and partition 3 at 7, model version 3, 2 alerts raised, hidden state [0.5, -0.25].
        var written = Convert.FromHexString(
            "20200005610000003f60000080bee02401050101009a0f000d001de0071909040d270fe0270fe82020e0c101c101e00101e041010101"
            + "0101c101c10121800000000000000000810000000000000000e0e0");
        using var services = new ServiceCollection().AddSerializer(builder => builder.AddAssembly(typeof(SensorState).Assembly)).BuildServiceProvider();
        var serializer = new RecycledBufferGrainStorageSerializer(services.GetRequiredService<Serializer>());

        var state = serializer.Deserialize<SensorState>(new BinaryData(written))!;

        Assert.Equal(new Dictionary<int, long> { [0] = 499, [3] = 7 }, state.AppliedOffsets.ToDictionary());
        Assert.Equal((3, 2L), (state.ModelVersion, state.AlertsRaised));
        Assert.Equal([0.5f, -0.25f], state.HiddenState);
        Assert.Null(state.LegacyAppliedOffsets);

        // Written again, then read back: the offsets in their compact form.
        var back = serializer.Deserialize<SensorState>(new BinaryData(serializer.Serialize(state).ToArray()))!;
        Assert.Equal(state.AppliedOffsets, back.AppliedOffsets);
    }

    private static SensorState SensorStateWithPipeline()
    {
        var pipeline = new SensorPipeline(new SensorOptions().ToPipelineSettings(null));
        var readings = Enumerable.Range(0, 500).Select(t => new SensorPipelineReading(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(t), [10 + Math.Sin(t / 7.0)], 0, t)).ToArray();
        var inputs = pipeline.Normalize(readings);
        pipeline.Score(inputs, [.. inputs.Values.SelectMany(v => new[] { v, v })], 0, 1, false, DateTimeOffset.UnixEpoch);
        var state = new SensorState { Pipeline = pipeline.Save(), HiddenState = new float[32], ModelVersion = 3 };
        state.AppliedOffsets[0] = 499;
        return state;
    }

    private static long AllocatedBy(Action action)
    {
        action();
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
