using StreamRnn.Scoring;

namespace StreamRnn.Scoring.Tests;

public sealed class SensorScorerTests
{
    private static readonly SensorScorerSettings Settings = ScoringSettings.Sensor;
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    /// <summary>A daily pattern sampled every 5 minutes: 50 + 10·sin(2π·time of day) plus N(0, 1) noise.</summary>
    private static double Daily(int step, Random random) =>
        50 + 10 * Math.Sin(2 * Math.PI * (step % 288) / 288.0) + ScoringSeries.Gaussian(random);

    [Fact]
    public void Settings_TestSettings_AreValid() => Settings.Validate();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Step_StationaryNoisySeries_StaysBelowTheAlertThresholdFor10000Readings(int seed)
    {
        var random = new Random(seed);
        var scorer = new SensorScorer(Settings);
        var highest = 0.0;
        for (var i = 0; i < 10_000; i++)
        {
            // White noise around 100, forecast as its mean: both forecast errors are plain noise.
            var step = scorer.Step(100 + ScoringSeries.Gaussian(random), ScoringSeries.Start + (i * FiveMinutes), 100);
            highest = Math.Max(highest, step.Score);
            Assert.NotEqual(AlertTransition.Start, step.Anomaly);
        }

        Assert.True(highest < Settings.Threshold, $"highest score {highest}");
        Assert.True(highest > 0, "the likelihood never spoke");
    }

    [Fact]
    public void Step_SustainedShiftAfterLearning_StartsOneEventScoredOnItsFirstReadingOnly()
    {
        var random = new Random(7);
        var scorer = new SensorScorer(Settings);
        var steps = new List<SensorScoreStep>();
        for (var i = 0; i < 2_000; i++)
        {
            var shift = i >= 1_500 ? 8 : 0;
            steps.Add(scorer.Step(100 + shift + ScoringSeries.Gaussian(random), ScoringSeries.Start + (i * FiveMinutes), 100));
        }

        var starts = steps.Select((step, index) => (step, index)).Where(s => s.step.Anomaly == AlertTransition.Start).ToList();
        var start = Assert.Single(starts);
        Assert.InRange(start.index, 1_500, 1_510);
        Assert.True(start.step.Score >= Settings.Threshold);
        Assert.All(steps.Where((_, index) => index != start.index), step => Assert.True(step.Score < Settings.Threshold));
        Assert.Equal(start.step.Surprise, start.step.Score);
    }

    [Fact]
    public void Step_EventsCloserThanTheMinimumGap_OnlyTheFirstStarts()
    {
        var random = new Random(11);
        var settings = Settings with { MinimumEventGap = 400, EventGapFraction = 0 }; // the gap alone, whatever the history
        var scorer = new SensorScorer(settings);
        var starts = new List<int>();
        for (var i = 0; i < 3_000; i++)
        {
            // Bursts of 20 readings at +15 every 200 readings after the learning period, then one burst 600 later.
            var burst = i is >= 1_000 and < 2_000 && i % 200 < 20 || i is >= 2_600 and < 2_620;
            if (scorer.Step(100 + (burst ? 15 : 0) + ScoringSeries.Gaussian(random), ScoringSeries.Start + (i * FiveMinutes), 100).Anomaly == AlertTransition.Start)
            {
                starts.Add(i);
            }
        }

        Assert.Equal([1_000, 1_400, 1_800, 2_600], starts.Select(s => s - (s % 200)));
    }

    [Fact]
    public void Step_DailyPatternGoesFlat_SeasonalSurpriseStartsAnEventThoughTheForecastFollows()
    {
        var random = new Random(3);
        var scorer = new SensorScorer(Settings);
        double? previous = null;
        var flatFrom = 288 * 14;
        var firstStart = -1;
        var forecastHighest = 0.0;
        for (var i = 0; i < 288 * 16; i++)
        {
            var value = i < flatFrom ? Daily(i, random) : 50 + (0.2 * ScoringSeries.Gaussian(random));
            // A persistence forecast: it follows the flat day at once, so only the time-of-day profile can tell.
            var step = scorer.Step(value, ScoringSeries.Start + (i * FiveMinutes), previous);
            previous = value;
            if (i >= flatFrom)
            {
                forecastHighest = Math.Max(forecastHighest, step.ForecastSurprise);
            }

            if (step.Anomaly == AlertTransition.Start && firstStart < 0 && i >= flatFrom)
            {
                firstStart = i;
                Assert.True(step.SeasonalSurprise >= Settings.Threshold);
            }
        }

        Assert.InRange(firstStart, flatFrom, flatFrom + 144);
        Assert.True(forecastHighest < Settings.Threshold, $"the persistence forecast error alone reached {forecastHighest}");
    }

    [Fact]
    public void Step_SpikeOnNoisySine_ReportsASpikeStartThenItsEnd()
    {
        var (values, times) = ScoringSeries.NoisySine(5, 2_000);
        values[1_500] += 30;
        var scorer = new SensorScorer(Settings);
        var spikes = new List<(int Index, AlertTransition Transition)>();
        for (var i = 0; i < values.Length; i++)
        {
            var step = scorer.Step(values[i], times[i], i == 0 ? null : values[i - 1]);
            if (step.Spike != AlertTransition.None)
            {
                spikes.Add((i, step.Spike));
            }
        }

        Assert.Equal([(1_500, AlertTransition.Start), (1_501, AlertTransition.End)], spikes);
    }

    [Fact]
    public void Step_ValueBeyondConfiguredLimits_ReportsOutOfRangeStartAndEnd()
    {
        var scorer = new SensorScorer(Settings with { Range = new RangeDetectorSettings(0, 100) });
        var transitions = new[] { 50.0, 120, 130, 60 }
            .Select((value, i) => scorer.Step(value, ScoringSeries.Start + (i * FiveMinutes), null).OutOfRange)
            .ToArray();

        Assert.Equal([AlertTransition.None, AlertTransition.Start, AlertTransition.None, AlertTransition.End], transitions);
    }

    [Fact]
    public void SaveThenLoad_MidStream_ContinuesExactlyAsTheOriginal()
    {
        var random = new Random(9);
        var values = Enumerable.Range(0, 3_000).Select(i => Daily(i, random) + (i is >= 2_500 and < 2_520 ? 25 : 0)).ToArray();
        var original = new SensorScorer(Settings);
        SensorScorer? restored = null;
        for (var i = 0; i < values.Length; i++)
        {
            var time = ScoringSeries.Start + (i * FiveMinutes);
            double? forecast = i == 0 ? null : values[i - 1];
            if (i == 1_200)
            {
                restored = SensorScorer.Load(original.Save(), Settings);
            }

            var expected = original.Step(values[i], time, forecast);
            if (restored is not null)
            {
                Assert.Equal(expected, restored.Step(values[i], time, forecast));
            }
        }

        Assert.Equal(original.Save(), restored!.Save());
    }

    [Fact]
    public void Load_TruncatedOrForeignBytes_ThrowsInvalidData()
    {
        var saved = new SensorScorer(Settings).Save();
        Assert.Throws<InvalidDataException>(() => SensorScorer.Load(saved[..^3], Settings));
        Assert.Throws<InvalidDataException>(() => SensorScorer.Load([42, 1, 2], Settings));
    }

    [Fact]
    public void Step_NonFiniteValueOrForecast_Throws()
    {
        var scorer = new SensorScorer(Settings);
        Assert.Throws<ArgumentOutOfRangeException>(() => scorer.Step(double.NaN, ScoringSeries.Start, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => scorer.Step(1, ScoringSeries.Start, double.PositiveInfinity));
    }

    [Fact]
    public void Step_WeekdayBehavingLikeASunday_SeasonalSurpriseHighOnlyWithTheWeeklyProfile()
    {
        var withWeekly = HolidaySurprise(ScoringSettings.Week);
        var dailyOnly = HolidaySurprise(null);

        Assert.True(withWeekly.Holiday >= Settings.Threshold, $"with the weekly profile: holiday {withWeekly.Holiday}");
        Assert.True(withWeekly.Weekend < Settings.Threshold, $"with the weekly profile: last weekend {withWeekly.Weekend}");
        Assert.True(dailyOnly.Holiday < Settings.Threshold, $"daily profile only: holiday {dailyOnly.Holiday}");
    }

    [Fact]
    public void Step_LiftInTheQuietHoursOfADay_SeasonalSurpriseHighOnlyWithTheTimeOfDaySpread()
    {
        var withSpread = NightLiftSurprise(ScoringSettings.Spread);
        var sameForEveryHour = NightLiftSurprise(null);

        Assert.True(withSpread.Lift >= Settings.Threshold, $"with the spread: lift {withSpread.Lift}");
        Assert.True(withSpread.DaysBefore < Settings.Threshold, $"with the spread: the days before {withSpread.DaysBefore}");
        Assert.True(sameForEveryHour.Lift < Settings.Threshold, $"one spread for every hour: lift {sameForEveryHour.Lift}");
    }

    [Fact]
    public void Step_RunOfErrorsOnTheUsuallyQuietSide_ForecastSurpriseHighOnlyWithDirectionalErrors()
    {
        var directional = QuietSideSurprise(Settings.DirectionalSurpriseScale);
        var sizeOnly = QuietSideSurprise(null);

        Assert.True(directional.Run >= Settings.Threshold, $"with directional errors: run {directional.Run}");
        Assert.True(directional.Before < Settings.Threshold, $"with directional errors: before the run {directional.Before}");
        Assert.True(sizeOnly.Run < Settings.Threshold, $"size only: run {sizeOnly.Run}");
    }

    [Fact]
    public void Step_RunOnTheQuietSideRightAfterLearning_NotJudgedUntilTheSidesHaveLearnt()
    {
        Assert.Equal(2 * Settings.Likelihood.LearningPeriod, Settings.DirectionalLearningReadings);

        var sidesLearning = RunBelowAfterLearningAbove(Settings);
        var judgedAtOnce = RunBelowAfterLearningAbove(Settings with { DirectionalLearningReadings = 0 });

        Assert.True(sidesLearning < Settings.Threshold, $"sides still learning: {sidesLearning}");
        Assert.True(judgedAtOnce >= Settings.Threshold, $"judged as soon as the likelihood has learnt: {judgedAtOnce}");
    }

    [Fact]
    public void Save_WithOneSidedErrors_NoLargerThanWithout()
    {
        // The one-sided likelihoods are judged from the model likelihood's window of signed errors and keep none of their own.
        var withSides = new SensorScorer(Settings);
        var without = new SensorScorer(Settings with { DirectionalSurpriseScale = null });
        var random = new Random(8);
        for (var step = 0; step < 1_000; step++)
        {
            var value = 100 + ScoringSeries.Gaussian(random);
            withSides.Step(value, ScoringSeries.Start + (step * FiveMinutes), 100);
            without.Step(value, ScoringSeries.Start + (step * FiveMinutes), 100);
        }

        Assert.Equal(without.Save().Length, withSides.Save().Length);
        Assert.Equal(Settings.Likelihood.ShortWindow, withSides.RecentForecastErrors.Length);
        Assert.Contains(withSides.RecentForecastErrors.ToArray(), error => error < 0);
    }

    [Fact]
    public void Validate_NegativeDirectionalLearningReadings_ThrowsNamingIt()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => (Settings with { DirectionalLearningReadings = -1 }).Validate());

        Assert.Equal(nameof(SensorScorerSettings.DirectionalLearningReadings), exception.ParamName);
    }

    [Fact]
    public void Step_NoisyDriftTheForecastFollowsBeyondTheRangeSeen_StartsAnEventOnlyWithNovelty()
    {
        var withNovelty = DriftBeyondTheRange(Settings);
        var without = DriftBeyondTheRange(Settings with { Novelty = null });

        var start = Assert.Single(withNovelty, step => step.Step.Anomaly == AlertTransition.Start);
        Assert.InRange(start.Index, 650, 750);
        Assert.Equal(AlertEvidence.RangeBasis, start.Step.AnomalyEvidence!.Basis);
        Assert.True(start.Step.NoveltySurprise >= Settings.Threshold, $"novelty surprise {start.Step.NoveltySurprise}");
        Assert.True(start.Step.AnomalyEvidence.Observed > start.Step.AnomalyEvidence.Upper, "the reading lies beyond the band the evidence gives");
        Assert.DoesNotContain(without, step => step.Step.Anomaly == AlertTransition.Start);
        Assert.All(without, step => Assert.Equal(0, step.Step.NoveltySurprise));
    }

    [Fact]
    public void SaveThenLoad_AfterTheRangeIsLearnt_JudgesAReadingBeyondItAlike()
    {
        var random = new Random(23);
        var original = new SensorScorer(Settings);
        for (var i = 0; i < 700; i++)
        {
            var value = 50 + ScoringSeries.Gaussian(random);
            original.Step(value, ScoringSeries.Start + (i * FiveMinutes), value);
        }

        var restored = SensorScorer.Load(original.Save(), Settings);
        var time = ScoringSeries.Start + (700 * FiveMinutes);

        var expected = original.Step(70, time, 70);
        var actual = restored.Step(70, time, 70);
        Assert.True(expected.NoveltySurprise >= Settings.Threshold, $"novelty surprise {expected.NoveltySurprise}");
        Assert.Equal(expected.NoveltySurprise, actual.NoveltySurprise);
        Assert.Equal(expected.Anomaly, actual.Anomaly);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Load_StateOfAnEarlierFormat_ContinuesAsTheOriginalToWithinSinglePrecision(byte format)
    {
        // Format 2 held everything up to the range detector; format 3 appends the one-sided likelihoods and the
        // time-of-day spread; format 4 stores each slot's visits in two bytes instead of four; format 5 stores the levels
        // and the likelihoods' recent errors in four bytes instead of eight, the levels less an anchor it appends; format 6
        // stores the visits in one byte; format 7 appends the range seen; format 8 keeps the forecast errors' signs and no
        // window of the one-sided likelihoods (SensorScorerFormatSevenTests). Without the parts format 3 added, a format-2
        // state is a format-3 one less its 108-byte tail of empty parts.
        var settings = EarlierFormatSettings;
        var random = new Random(17);
        var (original, previous) = DailyAroundAThousand(settings, random, 1_000);

        var earlier = AsEarlierFormat(original.Save(), format);
        earlier = format == 2 ? earlier[..^108] : earlier;
        earlier[0] = format;
        var restored = SensorScorer.Load(earlier, settings);

        Assert.Equal(original.Readings, restored.Readings);
        for (var i = 1_000; i < 1_500; i++)
        {
            var value = 1_000 + Daily(i, random);
            var time = ScoringSeries.Start + (i * FiveMinutes);
            var expected = original.Step(value, time, previous);
            var actual = restored.Step(value, time, previous);
            Assert.Equal(expected.Score, actual.Score, 1e-6);
            Assert.Equal(expected.SeasonalSurprise, actual.SeasonalSurprise, 1e-6);
            Assert.Equal(expected.ForecastSurprise, actual.ForecastSurprise);
            Assert.Equal(expected.Anomaly, actual.Anomaly);
            Assert.Equal(original.UsualLevel(time)!.Value, restored.UsualLevel(time)!.Value, 1e-4);
            previous = value;
        }
    }

    [Fact]
    public void Load_EarlierFormatCountingVisitsPastAByte_ContinuesExactlyAsTheOriginal()
    {
        // Formats 4 and 5 counted a slot's visits up to 65,535; format 6 stops at 255, where no setting lets a count change
        // what the slot does. 8,000 five-minute readings visit each time-of-day slot about 333 times: the original stopped
        // counting at 255, and the earlier format is written with 25,603 there. Read back, that count must stop at 255 too
        // (not wrap to 3, a slot that would fall silent and weigh its next reading as a quarter).
        var settings = EarlierFormatSettings;
        var random = new Random(19);
        var (original, previous) = DailyAroundAThousand(settings, random, 8_000);

        var earlier = AsEarlierFormat(original.Save(), 5, countedAs: 25_603);
        earlier[0] = 5;
        var restored = SensorScorer.Load(earlier, settings);

        for (var i = 8_000; i < 9_000; i++)
        {
            var value = 1_000 + Daily(i, random);
            var time = ScoringSeries.Start + (i * FiveMinutes);
            var expected = original.Step(value, time, previous);
            var actual = restored.Step(value, time, previous);
            Assert.Equal(expected.Score, actual.Score);
            Assert.Equal(expected.SeasonalSurprise, actual.SeasonalSurprise);
            Assert.Equal(expected.ForecastSurprise, actual.ForecastSurprise);
            Assert.Equal(expected.Anomaly, actual.Anomaly);
            Assert.Equal(original.UsualLevel(time), restored.UsualLevel(time));
            previous = value;
        }
    }

    [Fact]
    public void Step_SeriesFarFromZero_ScoresAsTheSameSwingsNearerZero()
    {
        // Levels are kept in four bytes less the first reading: at a million, without the anchor, a level would round
        // to 1/16 of the unit, a sixteenth of this series' noise.
        var random = new Random(23);
        var values = Enumerable.Range(0, 3_000).Select(i => Daily(i, random) + (i is >= 2_500 and < 2_520 ? 6 : 0)).ToArray();
        var near = new SensorScorer(Settings);
        var far = new SensorScorer(Settings);
        for (var i = 0; i < values.Length; i++)
        {
            var time = ScoringSeries.Start + (i * FiveMinutes);
            double? forecast = i == 0 ? null : values[i - 1];
            var expected = near.Step(values[i], time, forecast);
            var actual = far.Step(1_000_000 + values[i], time, 1_000_000 + forecast);
            Assert.Equal(expected.SeasonalSurprise, actual.SeasonalSurprise, 1e-6);
            Assert.Equal(expected.Score, actual.Score, 1e-6);
            Assert.Equal(expected.Anomaly, actual.Anomaly);
        }
    }

    [Theory]
    [InlineData(1e39)]
    [InlineData(OnlineNormalizer.MaxMagnitude)] // the largest a sensor's scorer is given (SensorPipeline bounds readings first)
    [InlineData(-OnlineNormalizer.MaxMagnitude)]
    public void Step_ReadingsBeyondSinglePrecision_StateStaysFiniteAndLoadsBack(double extreme)
    {
        // Found by the ingest fuzz test: a fuzzed reading (bounded to 1e100) beyond single precision's range made a level
        // infinite, the anchor NaN, and the saved state unreadable, so the sensor failed on every call after.
        var random = new Random(37);
        var scorer = new SensorScorer(Settings);
        for (var i = 0; i < 3_000; i++)
        {
            var value = i % 700 == 3 ? extreme : i % 700 == 4 ? -extreme : Daily(i, random);
            var time = ScoringSeries.Start + (i * FiveMinutes);
            var step = scorer.Step(value, time, i % 2 == 0 ? null : extreme / 2);
            Assert.True(double.IsFinite(step.Score), $"reading {i}: score {step.Score}");
            scorer = SensorScorer.Load(scorer.Save(), Settings);
        }

        Assert.True(double.IsFinite(scorer.ProfileAnchor));
    }

    [Fact]
    public void Step_FirstReadingAGlitchFarFromTheRest_ProfileAnchorMovesAmongTheLevelsAndKeepsThemPrecise()
    {
        var random = new Random(29);
        var scorer = new SensorScorer(Settings);
        scorer.Step(1e9, ScoringSeries.Start, null);
        var sixAm = ScoringSeries.Start.Date.AddHours(6);
        var slot = SeasonalProfile.Bucket(sixAm, Settings.Seasonal);
        Assert.NotEqual(slot, SeasonalProfile.Bucket(ScoringSeries.Start, Settings.Seasonal));
        double exact = 0;
        var visits = 0;
        for (var i = 1; i < 3_000; i++)
        {
            var value = Daily(i, random);
            var time = ScoringSeries.Start + (i * FiveMinutes);
            scorer.Step(value, time, null);
            if (SeasonalProfile.Bucket(time, Settings.Seasonal) == slot)
            {
                // The same update in double precision.
                exact += Math.Max(Settings.Seasonal.Adaptation, 1.0 / ++visits) * (value - exact);
            }
        }

        Assert.InRange(scorer.ProfileAnchor, 30, 70);
        Assert.Equal(exact, scorer.UsualLevel(sixAm)!.Value, 1e-4);
    }

    /// <summary>The settings of the earlier-format tests: no spread profile and no one-sided likelihoods follow the two profiles.</summary>
    private static SensorScorerSettings EarlierFormatSettings => Settings with { SeasonalSpread = null, DirectionalSurpriseScale = null, Novelty = null };

    /// <summary>The bytes format 7 appends to a state: the range seen, its two ends and its readings.</summary>
    private const int RangeBytes = 8 + 8 + 8;

    /// <summary>
    /// 650 five-minute readings of 50 with noise of standard deviation 1, then 100 that drift up 0.1 a reading to 60, each
    /// forecast as the reading plus the same noise: the forecast follows the drift, and its errors stay as they were. The
    /// seasonal profile has not yet spoken (it needs two days a slot, then its likelihood's learning). Every step, indexed.
    /// </summary>
    private static List<(SensorScoreStep Step, int Index)> DriftBeyondTheRange(SensorScorerSettings settings)
    {
        var random = new Random(29);
        var scorer = new SensorScorer(settings);
        var steps = new List<(SensorScoreStep, int)>();
        for (var i = 0; i < 750; i++)
        {
            var value = 50 + (i >= 650 ? 0.1 * (i - 650) : 0) + ScoringSeries.Gaussian(random);
            steps.Add((scorer.Step(value, ScoringSeries.Start + (i * FiveMinutes), value + ScoringSeries.Gaussian(random)), i));
        }

        return steps;
    }

    /// <summary>A scorer that has stepped through <paramref name="readings"/> five-minute readings of a daily pattern around 1,000, each forecast by the one before; and the last reading.</summary>
    private static (SensorScorer Scorer, double? Last) DailyAroundAThousand(SensorScorerSettings settings, Random random, int readings)
    {
        var scorer = new SensorScorer(settings);
        double? previous = null;
        for (var i = 0; i < readings; i++)
        {
            var value = 1_000 + Daily(i, random);
            scorer.Step(value, ScoringSeries.Start + (i * FiveMinutes), previous);
            previous = value;
        }

        return (scorer, previous);
    }

    /// <summary>
    /// A format-8 scorer state laid out as <paramref name="format"/> did, its range seen left off (its version byte left as
    /// it was), its forecast likelihood's recent errors as their sizes (format 8 keeps their signs; with no one-sided
    /// likelihood in these settings, their windows are empty in every format): each slot's
    /// visits in two bytes (formats 4 and 5) or four (2 and 3); before format 5, the forecast and seasonal likelihoods'
    /// recent errors and each profile's levels in eight bytes, the levels with the anchor added back, the anchor no longer
    /// appended. The layout: version, readings, the forecast and seasonal likelihoods, the daily and weekly profiles, the
    /// rest (which no profile and no one-sided likelihood of these settings follows), the anchor. A count that stopped at
    /// 255 is written as <paramref name="countedAs"/> when given (an earlier format counted on).
    /// </summary>
    private static byte[] AsEarlierFormat(byte[] saved, byte format, ushort? countedAs = null)
    {
        saved = saved[..^RangeBytes];
        var singleLevels = format >= 5;
        var anchor = BitConverter.ToDouble(saved, saved.Length - 8);
        using var input = new BinaryReader(new MemoryStream(saved));
        using var output = new MemoryStream();
        using var writer = new BinaryWriter(output);
        writer.Write(input.ReadBytes(1 + 8));
        for (var likelihood = 0; likelihood < 2; likelihood++)
        {
            writer.Write(input.ReadBytes(8 + 24));
            var recent = input.ReadInt32();
            writer.Write(recent);
            for (var error = 0; error < recent; error++)
            {
                // Before format 8 the forecast likelihood kept the errors' sizes, not their signs.
                var value = input.ReadSingle();
                value = likelihood == 0 ? Math.Abs(value) : value;
                if (singleLevels)
                {
                    writer.Write(value);
                }
                else
                {
                    writer.Write((double)value);
                }
            }

            writer.Write(input.ReadBytes(4));
        }

        for (var profile = 0; profile < 2; profile++)
        {
            var slots = input.ReadInt32();
            writer.Write(slots);
            var levels = Enumerable.Range(0, slots).Select(_ => input.ReadSingle()).ToArray();
            var visits = input.ReadBytes(slots);
            for (var slot = 0; slot < slots; slot++)
            {
                if (singleLevels)
                {
                    writer.Write(levels[slot]);
                }
                else
                {
                    writer.Write(visits[slot] > 0 ? anchor + levels[slot] : 0);
                }
            }

            foreach (var stored in visits)
            {
                var count = stored == byte.MaxValue && countedAs is { } more ? more : stored;
                if (format < 4)
                {
                    writer.Write((int)count);
                }
                else if (format < 6)
                {
                    writer.Write((ushort)count);
                }
                else
                {
                    writer.Write((byte)count);
                }
            }
        }

        writer.Write(input.ReadBytes(saved.Length - (singleLevels ? 0 : 8) - (int)input.BaseStream.Position));
        writer.Flush();
        return output.ToArray();
    }

    /// <summary>
    /// Hourly readings for 60 days: 80 with noise of standard deviation 6 from 08:00 to 20:00, 50 with noise 0.5 at night,
    /// forecast by persistence (so only the profile can tell a lasting change). On the night after day 50 the level is 6
    /// higher from 20:00 to 08:00: no more than the daytime noise, but twelve times the night's. Returns the highest
    /// seasonal surprise in that night and in the five days before it.
    /// </summary>
    private static (double Lift, double DaysBefore) NightLiftSurprise(SeasonalSpreadSettings? spread)
    {
        var random = new Random(31);
        var scorer = new SensorScorer(Settings with { SeasonalSpread = spread });
        var liftFrom = (50 * 24) + 20;
        double lift = 0, daysBefore = 0;
        double? previous = null;
        for (var step = 0; step < 60 * 24; step++)
        {
            var time = ScoringSeries.Start + TimeSpan.FromHours(step);
            var day = time.Hour is >= 8 and < 20;
            var lifted = step >= liftFrom && step < liftFrom + 12;
            var value = (day ? 80 : 50) + ((day ? 6 : 0.5) * ScoringSeries.Gaussian(random)) + (lifted ? 6 : 0);
            var seasonal = scorer.Step(value, time, previous).SeasonalSurprise;
            previous = value;
            if (lifted)
            {
                lift = Math.Max(lift, seasonal);
            }
            else if (step >= liftFrom - (5 * 24) && step < liftFrom)
            {
                daysBefore = Math.Max(daysBefore, seasonal);
            }
        }

        return (lift, daysBefore);
    }

    /// <summary>
    /// 3,000 readings every 5 minutes around a forecast of 100: noise of standard deviation 0.5, and every 50 readings
    /// a burst 8 above for 5 readings, so errors above the forecast are often large and errors below it never are. From
    /// reading 2,500, 40 readings sit 2.5 below: no larger than the usual error size, but on the side that is always
    /// quiet. Returns the highest forecast surprise in that run and in the 500 readings before it.
    /// </summary>
    private static (double Run, double Before) QuietSideSurprise(double? directionalScale)
    {
        var random = new Random(41);
        var scorer = new SensorScorer(Settings with { DirectionalSurpriseScale = directionalScale });
        double run = 0, before = 0;
        for (var step = 0; step < 2_540; step++)
        {
            var error = step >= 2_500 ? -2.5 : (step % 50 < 5 ? 8 : 0) + (0.5 * ScoringSeries.Gaussian(random));
            var forecast = scorer.Step(100 + error, ScoringSeries.Start + (step * FiveMinutes), 100).ForecastSurprise;
            if (step >= 2_500)
            {
                run = Math.Max(run, forecast);
            }
            else if (step >= 2_000)
            {
                before = Math.Max(before, forecast);
            }
        }

        return (run, before);
    }

    /// <summary>
    /// Readings every 5 minutes around a forecast of 100: through the likelihood's learning period every reading sits
    /// 1 to 2 above the forecast, then 40 readings sit 1.5 below it: errors of the usual size, on the side that has seen
    /// none. Returns the highest forecast surprise in that run.
    /// </summary>
    private static double RunBelowAfterLearningAbove(SensorScorerSettings settings)
    {
        var random = new Random(7);
        var scorer = new SensorScorer(settings);
        var learning = settings.Likelihood.LearningPeriod;
        var run = 0.0;
        for (var step = 0; step < learning + 40; step++)
        {
            var error = step >= learning ? -1.5 : 1 + random.NextDouble();
            var forecast = scorer.Step(100 + error, ScoringSeries.Start + (step * FiveMinutes), 100).ForecastSurprise;
            if (step >= learning)
            {
                run = Math.Max(run, forecast);
            }
        }

        return run;
    }

    /// <summary>
    /// Readings every 5 minutes: 100 on weekdays, 50 at weekends, noise 1; in week 12 a Wednesday (a holiday) looks like
    /// a Sunday. The daily profile has learnt that a level 50 away is usual (every weekend); the weekly one, ready after
    /// four weeks, knows that Wednesdays are not weekends. Returns the highest seasonal surprise on the holiday and on the
    /// weekend before it.
    /// </summary>
    private static (double Holiday, double Weekend) HolidaySurprise(SeasonalProfileSettings? weekly)
    {
        var random = new Random(21);
        var scorer = new SensorScorer(Settings with { WeeklySeasonal = weekly });
        var monday = new DateTimeOffset(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);
        var holiday = monday.AddDays((11 * 7) + 2).Date;
        double holidayHighest = 0, weekendHighest = 0;
        double? previous = null;
        for (var step = 0; step < 12 * 7 * 288; step++)
        {
            var time = monday + (step * FiveMinutes);
            var isWeekend = time.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            var value = (isWeekend || time.Date == holiday ? 50 : 100) + ScoringSeries.Gaussian(random);
            var seasonal = scorer.Step(value, time, previous).SeasonalSurprise;
            previous = value;
            if (time.Date == holiday)
            {
                holidayHighest = Math.Max(holidayHighest, seasonal);
            }
            else if (isWeekend && time.Date > holiday.AddDays(-7))
            {
                weekendHighest = Math.Max(weekendHighest, seasonal);
            }
        }

        return (holidayHighest, weekendHighest);
    }
}
