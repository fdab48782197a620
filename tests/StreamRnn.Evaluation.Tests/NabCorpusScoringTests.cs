using System.Diagnostics;
using System.Globalization;

namespace StreamRnn.Evaluation.Tests;

/// <summary>Scores detectors over the real NAB subset (tests/data/nab) (28 files, 272,544 rows, 58 windows).</summary>
public sealed class NabCorpusScoringTests(NabCorpusFixture corpus) : IClassFixture<NabCorpusFixture>
{
    [Fact]
    public void Evaluate_NullAndPerfectDetectorsOnTheRealCorpus_ScoreZeroAndHundred()
    {
        var dataset = corpus.Dataset;
        var none = new NabEvaluation(dataset.WithScores(file => new double[file.RowCount]));
        var perfect = new NabEvaluation(dataset.WithScores(file =>
        {
            var scores = new double[file.RowCount];
            foreach (var rows in new NabScorer(file.Timestamps, dataset.WindowsFor(file)).WindowRows)
            {
                scores[rows.First] = 1.0;
            }

            return scores;
        }));

        Assert.Equal(58, none.WindowCount); // no window lies entirely in probation
        foreach (var result in none.Evaluate(0.5).Profiles)
        {
            Assert.Equal(0.0, result.Optimised.NormalisedScore, 12);
            Assert.Equal(0.0, result.Configured.NormalisedScore, 12);
        }

        foreach (var result in perfect.Evaluate(0.5).Profiles)
        {
            Assert.Equal(100.0, result.Optimised.NormalisedScore, 9);
            Assert.Equal(100.0, result.Configured.NormalisedScore, 9);
            Assert.Equal(58, result.Configured.TruePositiveWindows);
        }
    }

    [Fact]
    public void Evaluate_NabsOwnRandomDetectorOutput_ReproducesThePublishedScoresForTheseFiles()
    {
        // NAB's Random detector (nab/detectors/random/random_detector.py) seeds Python's generator with 42 before
        // each file and emits random.uniform(0, 1) per row; NAB's result files print the scores to 12 significant
        // digits. SCORING.md gives this detector 25.83 / 12.29 / 38.88 on these 28 files.
        var files = corpus.Dataset.WithScores(file =>
        {
            var random = new PythonRandom(42);
            return [.. Enumerable.Range(0, file.RowCount)
                .Select(_ => double.Parse(random.NextDouble().ToString("G12", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture))];
        });

        var result = new NabEvaluation(files).Evaluate(0.5);

        Assert.Equal(25.83, result.For("standard").Optimised.NormalisedScore, 0.005);
        Assert.Equal(12.29, result.For("reward_low_FP_rate").Optimised.NormalisedScore, 0.005);
        Assert.Equal(38.88, result.For("reward_low_FN_rate").Optimised.NormalisedScore, 0.005);
    }

    [Fact]
    public void PythonRandom_Seed42_MatchesCPythonAndNabsResultFile()
    {
        // CPython: random.seed(42); [random.random() for _ in range(3)]; NAB's random_rogue_agent_key_hold.csv
        // starts 0.639426798458, 0.0250107552227, 0.275029318369.
        var random = new PythonRandom(42);

        Assert.Equal(0.6394267984578837, random.NextDouble());
        Assert.Equal(0.025010755222666936, random.NextDouble());
        Assert.Equal(0.27502931836911926, random.NextDouble());
    }

    [Fact]
    public void RowScore_RogueAgentKeyHold_MatchesNabsPublishedRowScores()
    {
        // numenta/NAB results/random/realKnownCause/random_rogue_agent_key_hold.csv, columns S(t)_standard and
        // S(t)_reward_low_FN_rate: the window 2014-07-15 04:35..13:25 (rows 669..763, w = 95) is first detected at
        // 09:15 (row 725): S(-39/95)/S(-1) = 0.7829062601381674; the false positive at 16:55 (row 803):
        // 0.11 · S((803 - 763)/94) = -0.08658377617789066.
        var file = corpus.Dataset["realKnownCause/rogue_agent_key_hold.csv"];
        var scorer = new NabScorer(file.Timestamps, corpus.Dataset.WindowsFor(file));

        Assert.Equal(new NabWindowRows(669, 763), scorer.WindowRows[0]);
        Assert.Equal(0.7829062601381674, scorer.RowScore(725, NabProfile.Standard), 15);
        Assert.Equal(-0.08658377617789066, scorer.RowScore(803, NabProfile.RewardLowFalseNegatives), 15);
    }

    [Fact]
    public void Evaluate_SeededRandomDetectorOnTheRealCorpus_ScoresLowAndFast()
    {
        // A uniform random score per row from .NET's generator. Its optimised figure depends on the draw (over
        // seeds 1..40 the standard score ranged 1.2 to 25.6, mean 12.7), so the band is loose.
        var random = new Random(42);
        var files = corpus.Dataset.WithScores(file => [.. Enumerable.Range(0, file.RowCount).Select(_ => random.NextDouble())]);

        var stopwatch = Stopwatch.StartNew();
        var evaluation = new NabEvaluation(files);
        var result = evaluation.Evaluate(0.5);
        stopwatch.Stop();

        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Scored {result.RowCount} rows, {result.WindowCount} windows, 3 profiles in {stopwatch.Elapsed.TotalMilliseconds:F0} ms"));
        foreach (var profile in result.Profiles)
        {
            output?.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{profile.Profile.Name}: optimised threshold {profile.Optimised.Threshold:R}, normalised {profile.Optimised.NormalisedScore:F2} (raw {profile.Optimised.RawScore:F3}; TP {profile.Optimised.TruePositiveWindows}, FN {profile.Optimised.FalseNegativeWindows}, FP {profile.Optimised.FalsePositiveRows}); at 0.5: {profile.Configured.NormalisedScore:F2}"));
        }

        var standard = result.For(NabProfile.Standard.Name);
        Assert.InRange(standard.Optimised.NormalisedScore, 0.0, 40.0);
        Assert.InRange(result.For(NabProfile.RewardLowFalsePositives.Name).Optimised.NormalisedScore, 0.0, 30.0);
        Assert.InRange(result.For(NabProfile.RewardLowFalseNegatives.Name).Optimised.NormalisedScore, 0.0, 55.0);

        // Alerting on half of all rows is far worse than never alerting.
        Assert.True(standard.Configured.NormalisedScore < 0.0, $"at 0.5: {standard.Configured.NormalisedScore}");
        foreach (var profile in result.Profiles)
        {
            Assert.True(profile.Optimised.RawScore >= profile.Configured.RawScore);
            Assert.Equal(evaluation.FindOptimalThreshold(profile.Profile).RawScore, profile.Optimised.RawScore, 9);
        }

        // SCORING.md asks for under ~2 s; the bound here is loose so a busy machine does not fail it.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
    }
}
