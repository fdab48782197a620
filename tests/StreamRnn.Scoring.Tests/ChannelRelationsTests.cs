namespace StreamRnn.Scoring.Tests;

public sealed class ChannelRelationsTests
{
    private const int WarmUp = 300;

    private static AnomalyLikelihoodSettings Likelihood => ScoringSettings.Sensor.Likelihood;

    private static SeasonalProfileSettings Day => ScoringSettings.Day;

    /// <summary>Reading <paramref name="t"/>'s time: one every 5 minutes.</summary>
    private static DateTimeOffset At(int t) => ScoringSeries.Start.AddMinutes(5 * t);

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Two channels, b = 2a + noise (normalised: about a), then from <paramref name="breakAt"/> b independent of a with the same distribution.</summary>
    private static double[] MaxSurprises(ChannelRelations relations, int readings, int breakAt, int from, Random random)
    {
        var judgements = new ChannelJudgement[2];
        var largest = new double[2];
        for (var t = 0; t < readings; t++)
        {
            var a = Gaussian(random);
            var b = t >= breakAt ? Gaussian(random) : (0.95 * a) + (0.3 * Gaussian(random));
            relations.Judge([(float)a, (float)b], At(t), judgements, Day, Likelihood, 6, WarmUp);
            if (t >= from)
            {
                largest[0] = Math.Max(largest[0], judgements[0].Surprise);
                largest[1] = Math.Max(largest[1], judgements[1].Surprise);
            }
        }

        return largest;
    }

    [Fact]
    public void Judge_RelatedChannelsDecouple_BothSurprisedWhereTheyWereNot()
    {
        var relations = new ChannelRelations(2, Day.Buckets);
        var random = new Random(3);

        var before = MaxSurprises(relations, 3_000, int.MaxValue, 2 * WarmUp, random);
        var after = MaxSurprises(relations, 200, 0, 0, random);

        Assert.All(before, surprise => Assert.True(surprise < 0.5, $"healthy surprise {surprise}"));
        Assert.All(after, surprise => Assert.True(surprise >= 0.5, $"decoupled surprise {surprise}"));
    }

    [Fact]
    public void Judge_DuringWarmUp_NoSurpriseAndLearning()
    {
        var relations = new ChannelRelations(3, Day.Buckets);
        var judgements = new ChannelJudgement[3];

        for (var t = 0; t < WarmUp; t++)
        {
            relations.Judge([t % 2 == 0 ? 8f : -8f, 0f, 1f], At(t), judgements, Day, Likelihood, 6, WarmUp);
            Assert.All(judgements, judgement => Assert.True(judgement.Surprise == 0 && judgement.Likelihood.Learning));
        }

        Assert.Equal(WarmUp, relations.Readings);
    }

    [Fact]
    public void Save_ThenLoad_JudgesOnAsIfNeverSaved()
    {
        var kept = new ChannelRelations(3, Day.Buckets);
        var random = new Random(4);
        var judgements = new ChannelJudgement[3];
        var readings = Enumerable.Range(0, 1_000).Select(_ => new[] { (float)Gaussian(random), (float)Gaussian(random), (float)Gaussian(random) }).ToArray();
        for (var t = 0; t < 700; t++)
        {
            kept.Judge(readings[t], At(t), judgements, Day, Likelihood, 6, WarmUp);
        }

        var restored = ChannelRelations.Load(kept.Save(), 3, Day.Buckets);
        var restoredJudgements = new ChannelJudgement[3];
        for (var t = 700; t < readings.Length; t++)
        {
            kept.Judge(readings[t], At(t), judgements, Day, Likelihood, 6, WarmUp);
            restored.Judge(readings[t], At(t), restoredJudgements, Day, Likelihood, 6, WarmUp);
            Assert.Equal(judgements, restoredJudgements);
        }

        Assert.Equal(kept.Save(), restored.Save());
    }

    [Fact]
    public void Load_OtherChannelsOrSlotsEmptyOrTruncated_StartsAfreshOrThrows()
    {
        var relations = new ChannelRelations(3, Day.Buckets);
        relations.Judge([1f, 2f, 3f], At(0), new ChannelJudgement[3], Day, Likelihood, 6, WarmUp);
        var saved = relations.Save();

        Assert.Equal(0, ChannelRelations.Load(saved, 4, Day.Buckets).Readings);
        Assert.Equal(0, ChannelRelations.Load(saved, 3, 12).Readings);
        Assert.Equal(0, ChannelRelations.Load([], 3, Day.Buckets).Readings);
        Assert.Equal(1, ChannelRelations.Load(saved, 3, Day.Buckets).Readings);
        Assert.Throws<InvalidDataException>(() => ChannelRelations.Load(saved[..^5], 3, Day.Buckets));
        Assert.Throws<InvalidDataException>(() => ChannelRelations.Load([9, .. saved[1..]], 3, Day.Buckets));
    }

    [Fact]
    public void Constructor_ManyChannels_RelatesEachToAtMostEightOthers()
    {
        var relations = new ChannelRelations(20, Day.Buckets);
        var judgements = new ChannelJudgement[20];
        relations.Judge(new float[20], At(0), judgements, Day, Likelihood, 6, WarmUp);

        var perChannel = (relations.Save().Length - 1 - 4 - 4 - 8) / 20;

        // d = 10 weights and 100 covariances (each array a length and doubles), three moments, a likelihood with an
        // empty window, then the profile's levels and visits.
        Assert.Equal(4 + (10 * 8) + 4 + (100 * 8) + (3 * 8) + 8 + (3 * 8) + 4 + 4 + 4 + (24 * 8) + 4 + (24 * 4), perChannel);
    }
}
