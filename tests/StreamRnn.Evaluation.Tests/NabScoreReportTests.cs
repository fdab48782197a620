using System.Globalization;
using System.Text.Json;
using static StreamRnn.Evaluation.Tests.SyntheticSeries;

namespace StreamRnn.Evaluation.Tests;

public sealed class NabScoreReportTests
{
    private static NabEvaluationResult SmallResult()
    {
        var scores = new double[1000];
        scores[206] = 0.75;
        scores[500] = 0.25;
        var file = new NabScoredFile("x/a.csv", Timestamps(1000), [Window(200, 207), Window(300, 400)], scores);
        return new NabEvaluation([file]).Evaluate(0.5);
    }

    [Fact]
    public void ToJson_RoundTrips_EveryProfileThresholdAndFile()
    {
        var report = NabScoreReport.Create("forecast-gru", SmallResult());

        var read = NabScoreReport.FromJson(report.ToJson());

        Assert.Equal("forecast-gru", read.Detector);
        Assert.Equal(NabScoreReport.BenchmarkName, read.Benchmark);
        Assert.Equal(report.ConfiguredThreshold, read.ConfiguredThreshold);
        Assert.Equal(report.WindowCount, read.WindowCount);
        Assert.Equal(report.Profiles.Select(profile => profile.Profile), read.Profiles.Select(profile => profile.Profile));
        Assert.Equal(
            report.Profiles.SelectMany(profile => profile.Optimised.Files.Concat(profile.Configured.Files)),
            read.Profiles.SelectMany(profile => profile.Optimised.Files.Concat(profile.Configured.Files)));
        Assert.Equal(
            report.Profiles.Select(profile => (profile.Optimised.Threshold, profile.Optimised.NormalisedScore, profile.Configured.NormalisedScore)),
            read.Profiles.Select(profile => (profile.Optimised.Threshold, profile.Optimised.NormalisedScore, profile.Configured.NormalisedScore)));
    }

    [Fact]
    public void ToJson_CommaDecimalCulture_WritesInvariantNumbersAndCamelCaseNames()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        string json;
        try
        {
            json = NabScoreReport.Create("random", SmallResult()).ToJson();
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        using var document = JsonDocument.Parse(json);
        var standard = document.RootElement.GetProperty("profiles")[0];
        Assert.Equal("standard", standard.GetProperty("profile").GetProperty("name").GetString());
        Assert.Equal(0.11, standard.GetProperty("profile").GetProperty("falsePositiveWeight").GetDouble());
        Assert.Equal(0.75, standard.GetProperty("optimised").GetProperty("threshold").GetDouble());
        Assert.Equal("x/a.csv", standard.GetProperty("configured").GetProperty("files")[0].GetProperty("key").GetString());
        Assert.Contains("\"falsePositiveWeight\": 0.11", json, StringComparison.Ordinal);
        Assert.Contains("\"reward_low_FP_rate\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveAsync_WritesTheReportToAFile()
    {
        var report = NabScoreReport.Create("random", SmallResult());
        var path = Path.Combine(Path.GetTempPath(), $"nab-scores-{Guid.NewGuid():N}.json");
        try
        {
            await report.SaveAsync(path, TestContext.Current.CancellationToken);

            var read = NabScoreReport.FromJson(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
            Assert.Equal(report.ToJson(), read.ToJson());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
