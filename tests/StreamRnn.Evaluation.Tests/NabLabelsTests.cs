namespace StreamRnn.Evaluation.Tests;

public sealed class NabLabelsTests
{
    private const string Source = "labels/test_windows.json";

    [Fact]
    public void Parse_WellFormedWindows_ReadsEveryFileAndWindow()
    {
        const string json = """
            {
                "realKnownCause/nyc_taxi.csv": [
                    ["2014-10-30 15:30:00.000000", "2014-11-03 22:30:00.000000"],
                    ["2014-11-25 12:00:00.000000", "2014-11-29 19:00:00.000000"]
                ],
                "artificialNoAnomaly/art_flatline.csv": []
            }
            """;

        var labels = NabLabels.Parse(json, Source);

        Assert.Equal(["artificialNoAnomaly/art_flatline.csv", "realKnownCause/nyc_taxi.csv"], labels.Keys);
        Assert.Equal(2, labels.WindowCount);
        Assert.Empty(labels.WindowsFor("artificialNoAnomaly/art_flatline.csv"));
        Assert.Equal(
            [
                new NabWindow(new DateTime(2014, 10, 30, 15, 30, 0), new DateTime(2014, 11, 3, 22, 30, 0)),
                new NabWindow(new DateTime(2014, 11, 25, 12, 0, 0), new DateTime(2014, 11, 29, 19, 0, 0)),
            ],
            labels.WindowsFor("realKnownCause/nyc_taxi.csv"));
    }

    [Theory]
    [InlineData("""{ "x/a.csv": [["2014-10-30 15:30:00.000000", "yesterday"]] }""", "window 0")]
    [InlineData("""{ "x/a.csv": [["2014-10-30 15:30:00.000000"]] }""", "not a [start, end] pair")]
    [InlineData("""{ "x/a.csv": "2014-10-30 15:30:00.000000" }""", "expected a list")]
    [InlineData("""{ "x/a.csv": [["2014-10-30 15:30:00.000000", "2014-10-29 15:30:00.000000"]] }""", "ends")]
    [InlineData("""{ "x/a.csv": [["2014-10-30 15:30:00.000000", "2014-10-31 15:30:00.000000"], ["2014-10-31 00:00:00.000000", "2014-11-01 00:00:00.000000"]] }""", "must not overlap")]
    [InlineData("""{ "x/a.csv": [[20141030, "2014-10-31 15:30:00.000000"]] }""", "not a timestamp")]
    [InlineData("""{ "x/a.csv": [], "x/a.csv": [] }""", "more than once")]
    public void Parse_MalformedWindow_ThrowsNamingTheFileAndKey(string json, string expected)
    {
        var exception = Assert.Throws<InvalidDataException>(() => NabLabels.Parse(json, Source));

        Assert.Contains(Source, exception.Message, StringComparison.Ordinal);
        Assert.Contains("'x/a.csv'", exception.Message, StringComparison.Ordinal);
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[ ["2014-10-30 15:30:00.000000", "2014-10-31 15:30:00.000000"] ]""")]
    [InlineData("""{ "x/a.csv": [ """)]
    public void Parse_NotAnObjectOfWindows_ThrowsNamingTheFile(string json)
    {
        var exception = Assert.Throws<InvalidDataException>(() => NabLabels.Parse(json, Source));

        Assert.StartsWith(Source, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WindowsFor_UnknownFile_ThrowsNamingIt()
    {
        var labels = NabLabels.Parse("{}", Source);

        var exception = Assert.Throws<KeyNotFoundException>(() => labels.WindowsFor("x/missing.csv"));

        Assert.Contains("x/missing.csv", exception.Message, StringComparison.Ordinal);
    }
}
