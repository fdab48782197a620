namespace StreamRnn.Evaluation.Tests;

public sealed class NabAnomalyLabelsTests
{
    private const string Source = "labels/test_labels.json";

    [Fact]
    public void Parse_WellFormedPoints_ReadsEveryFileAndAnomaly()
    {
        const string json = """
            {
                "realKnownCause/nyc_taxi.csv": ["2014-11-01 19:00:00", "2014-11-27 15:30:00"],
                "artificialNoAnomaly/art_flatline.csv": []
            }
            """;

        var labels = NabAnomalyLabels.Parse(json, Source);

        Assert.Equal(["artificialNoAnomaly/art_flatline.csv", "realKnownCause/nyc_taxi.csv"], labels.Keys);
        Assert.Empty(labels.AnomaliesFor("artificialNoAnomaly/art_flatline.csv"));
        Assert.Equal([new DateTime(2014, 11, 1, 19, 0, 0), new DateTime(2014, 11, 27, 15, 30, 0)], labels.AnomaliesFor("realKnownCause/nyc_taxi.csv"));
    }

    [Theory]
    [InlineData("""{"a.csv": "2014-11-01 19:00:00"}""", "expected a list of timestamps")]
    [InlineData("""{"a.csv": ["yesterday"]}""", "not a timestamp")]
    [InlineData("""{"a.csv": ["2014-11-02 00:00:00", "2014-11-01 00:00:00"]}""", "not after the one before")]
    [InlineData("""["a.csv"]""", "expected a JSON object")]
    public void Parse_Malformed_FailsNamingTheSourceAndTheProblem(string json, string problem)
    {
        var exception = Assert.Throws<InvalidDataException>(() => NabAnomalyLabels.Parse(json, Source));

        Assert.Contains(Source, exception.Message, StringComparison.Ordinal);
        Assert.Contains(problem, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnomaliesFor_UnlabelledFile_FailsNamingIt()
    {
        var labels = NabAnomalyLabels.Parse("{}", Source);

        var exception = Assert.Throws<KeyNotFoundException>(() => labels.AnomaliesFor("realTweets/Twitter_volume_KO.csv"));

        Assert.Contains("Twitter_volume_KO", exception.Message, StringComparison.Ordinal);
    }
}
