using StreamRnn.Chaos;

namespace StreamRnn.Chaos.Tests;

public sealed class SyntheticSeriesTests
{
    [Fact]
    public void Reading_SameSeed_SameValuesWhateverTheOrder()
    {
        var first = new SyntheticSeries(sensors: 50, readings: 5_000, seed: 3);
        var second = new SyntheticSeries(sensors: 50, readings: 5_000, seed: 3);
        var forward = Enumerable.Range(0, 5_000).Select(i => first.Reading(i)).ToArray();
        var backward = Enumerable.Range(0, 5_000).Reverse().Select(i => second.Reading(i)).Reverse().ToArray();

        Assert.Equal(forward, backward);
        Assert.NotEqual(forward[0].Value, new SyntheticSeries(50, 5_000, seed: 4).Reading(0).Value);
    }

    [Fact]
    public void ReadingsOf_UnevenSplit_AddsUpToTheTotalAndMatchesTheRoundRobin()
    {
        var series = new SyntheticSeries(sensors: 7, readings: 100, seed: 1);
        var perSensor = new long[7];
        for (long i = 0; i < series.Readings; i++)
        {
            perSensor[series.Reading(i).Sensor]++;
        }

        Assert.Equal(100, Enumerable.Range(0, 7).Sum(series.ReadingsOf));
        Assert.Equal(perSensor, Enumerable.Range(0, 7).Select(series.ReadingsOf).ToArray());
    }

    [Fact]
    public void Value_FaultySensors_DepartFromTheirHealthyShape()
    {
        var series = new SyntheticSeries(sensors: 10, readings: 2_000, seed: 5);
        var perSensor = series.ReadingsOf(0);
        var stuck = Enumerable.Range(0, (int)perSensor).Select(step => series.Value(6, step)).ToArray();
        var longestRun = 1;
        for (int i = 1, run = 1; i < stuck.Length; i++)
        {
            run = stuck[i].Equals(stuck[i - 1]) ? run + 1 : 1;
            longestRun = Math.Max(longestRun, run);
        }

        Assert.Equal(SensorFault.Stuck, SyntheticSeries.FaultOf(6));
        Assert.True(longestRun >= 20, $"longest run of equal values {longestRun}");
        var spiky = Enumerable.Range(0, (int)perSensor).Select(step => series.Value(3, step)).ToArray();
        var median = spiky.Order().ElementAt(spiky.Length / 2);
        Assert.Contains(spiky, value => Math.Abs(value - median) > 20);
        Assert.Equal("sensor-0007", series.SensorId(7));
    }
}
