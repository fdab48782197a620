using StreamRnn.Training;

namespace StreamRnn.Training.Tests;

public sealed class DataSplitTests
{
    [Fact]
    public void Create_DefaultFractions_SplitsEachSeriesChronologically()
    {
        var data = SeriesData.Of(Ramp("a", 1000), Ramp("b", 403));

        var split = DataSplit.Create(data, inputLength: 8, horizon: 2, trainFraction: 0.7, validationFraction: 0.15);

        Assert.Equal(new SeriesSegment(0, 700), split.Series[0].Train);
        Assert.Equal(new SeriesSegment(700, 150), split.Series[0].Validation);
        Assert.Equal(new SeriesSegment(850, 150), split.Series[0].Test);
        Assert.Equal(new SeriesSegment(0, 282), split.Series[1].Train);
        Assert.Equal(new SeriesSegment(282, 60), split.Series[1].Validation);
        Assert.Equal(new SeriesSegment(342, 61), split.Series[1].Test);
    }

    [Fact]
    public void Create_ShiftAfterTrainingPart_NormalizerUsesTrainingPartOnly()
    {
        var values = new float[200, 2];
        for (var t = 0; t < 200; t++)
        {
            values[t, 0] = t < 140 ? (t % 7) + 0.5f : 1000f + t;
            values[t, 1] = t < 140 ? 3f : -50f;
        }

        var split = DataSplit.Create(SeriesData.Of(new TimeSeries("s", values)), inputLength: 4, horizon: 1, trainFraction: 0.7, validationFraction: 0.15);

        var trainPart = Enumerable.Range(0, 140).Select(t => (double)values[t, 0]).ToArray();
        var mean = trainPart.Average();
        var deviation = Math.Sqrt(trainPart.Select(v => (v - mean) * (v - mean)).Average());
        var normalization = split.Normalizations[0];
        Assert.Equal(mean, normalization.Means[0], 1e-9);
        Assert.Equal(deviation, normalization.StandardDeviations[0], 1e-9);
        Assert.Equal(3, normalization.Means[1], 1e-9);
        Assert.Equal(1, normalization.StandardDeviations[1]);
        var firstInputs = split.Train.GetInputs(0);
        Assert.Equal((float)((values[0, 0] - mean) / deviation), firstInputs[0], 1e-6f);
        Assert.Equal(0f, firstInputs[1]);
    }

    [Theory]
    [InlineData(16, 5, 1)]
    [InlineData(10, 0, 3)]
    [InlineData(32, 8, 4)]
    public void Create_AnyWindowing_NoWindowCrossesAPartBoundary(int inputLength, int horizon, int stride)
    {
        var data = SeriesData.Of(Ramp("a", 500), Ramp("b", 230));

        var split = DataSplit.Create(data, inputLength, horizon, trainFraction: 0.6, validationFraction: 0.2, stride);

        var span = inputLength + horizon;
        AssertInside(split.Train, split, s => s.Train, span, stride);
        AssertInside(split.Validation, split, s => s.Validation, span, stride);
        AssertInside(split.Test, split, s => s.Test, span, 1);
    }

    [Fact]
    public void GetTargets_TwoChannels_AreTheNextValuesOfChannelZero()
    {
        var values = new float[100, 2];
        for (var t = 0; t < 100; t++)
        {
            values[t, 0] = t;
            values[t, 1] = -1000 - t;
        }

        var split = DataSplit.Create(SeriesData.Of(new TimeSeries("s", values)), inputLength: 4, horizon: 3, trainFraction: 0.5, validationFraction: 0.5);
        var normalization = split.Normalizations[0];

        var window = split.Validation.Windows[2];
        var inputs = split.Validation.GetInputs(2);
        var targets = split.Validation.GetTargets(2);

        Assert.Equal(52, window.Start);
        Assert.Equal(4 * 2, inputs.Length);
        Assert.Equal(4 * 3, targets.Length);
        for (var t = 0; t < 4; t++)
        {
            Assert.Equal(window.Start + t, normalization.Denormalize(0, inputs[t * 2]), 1e-3);
            Assert.Equal(-1000 - window.Start - t, normalization.Denormalize(1, inputs[(t * 2) + 1]), 1e-3);
            for (var h = 0; h < 3; h++)
            {
                Assert.Equal(window.Start + t + 1 + h, normalization.Denormalize(0, targets[(t * 3) + h]), 1e-3);
            }
        }
    }

    [Fact]
    public void Create_PartsTooShortForAWindow_ThrowsArgumentException()
    {
        var data = SeriesData.Of(Ramp("a", 100));

        var exception = Assert.ThrowsAny<ArgumentException>(() => DataSplit.Create(data, inputLength: 20, horizon: 5, trainFraction: 0.7, validationFraction: 0.15));

        Assert.Contains("validation", exception.Message, StringComparison.Ordinal);
        Assert.ThrowsAny<ArgumentException>(() => DataSplit.Create(data, 4, 1, trainFraction: 0.9, validationFraction: 0.2));
    }

    [Fact]
    public void TimeSeries_NonFiniteOrUnorderedInput_ThrowsArgumentException()
    {
        var start = DateTimeOffset.UnixEpoch;

        Assert.ThrowsAny<ArgumentException>(() => TimeSeries.FromValues("x", [1f, float.NaN]));
        Assert.ThrowsAny<ArgumentException>(() => TimeSeries.FromValues("x", [1f, 2f], [start.AddSeconds(1), start]));
        Assert.ThrowsAny<ArgumentException>(() => SeriesData.Of(Ramp("a", 10), Ramp("a", 10)));
    }

    private static void AssertInside(WindowedDataset windows, DataSplit split, Func<SeriesSplit, SeriesSegment> part, int span, int stride)
    {
        var expected = 0;
        foreach (var series in split.Series)
        {
            var segment = part(series);
            expected += segment.Length >= span ? ((segment.Length - span) / stride) + 1 : 0;
        }

        Assert.Equal(expected, windows.Count);
        foreach (var window in windows.Windows)
        {
            var segment = part(split.Series[window.SeriesIndex]);
            Assert.InRange(window.Start, segment.Start, segment.End - span);
        }
    }

    private static TimeSeries Ramp(string name, int steps)
    {
        return TimeSeries.FromValues(name, [.. Enumerable.Range(0, steps).Select(t => (float)t)]);
    }
}
