namespace StreamRnn.Scoring;

/// <summary>
/// Everything a sensor judges its readings with, in one state that a grain stores as bytes (<see cref="Save"/>,
/// <see cref="Load"/>). Per reading (<see cref="Step"/>):
/// <list type="bullet">
/// <item><b>Behaviour.</b> Two forecast errors, the recurrent model's (the reading against the forecast made one step
/// before) and the seasonal profile's (the reading against its time of day's usual level, or its hour of the week's when
/// that explains it better, <see cref="SensorScorerSettings.WeeklySeasonal"/>, scaled by its hour's usual spread,
/// <see cref="SensorScorerSettings.SeasonalSpread"/>), each through its own <see cref="AnomalyLikelihood"/>: the
/// short-term average error against the long-term distribution of that average. The model's errors above and below
/// the forecast also have a likelihood each (<see cref="SensorScorerSettings.DirectionalSurpriseScale"/>).
/// Each standard score z becomes a surprise z / (z + <see cref="SensorScorerSettings.SurpriseScale"/>), which, unlike
/// the tail probability, does not saturate and so still ranks a large deviation above a moderate one; the largest is
/// the reading's surprise. A reading beyond the range the sensor has seen adds a third, by how far
/// (<see cref="SensorScorerSettings.Novelty"/>, <see cref="RangeNovelty"/>): a burst to a value never reached, which
/// the averaged error judges late or not at all.</item>
/// <item><b>Events.</b> <see cref="AlertDebouncer"/> turns the surprise into events with a start, updates and an end, a
/// new start no sooner than <see cref="SensorScorerSettings.MinimumEventGap"/> readings after the last.</item>
/// <item><b>Failure modes.</b> Spike, rate of change and out-of-range, each reported when it starts and ends.</item>
/// </list>
/// After a model switch (<see cref="SwitchModel"/>) the model's likelihood goes on with the new model's errors, carried over or relearnt;
/// the seasonal profile, which no model made, goes on.
/// </summary>
public sealed class SensorScorer
{
    private const byte FormatVersion = 8;
    private const byte FirstReadableVersion = 2;

    /// <summary>The format that added the one-sided likelihoods and the time-of-day spread.</summary>
    private const byte OneSidedVersion = 3;

    /// <summary>The format that stores a slot's visits in two bytes instead of four.</summary>
    private const byte ShortVisitsVersion = 4;

    /// <summary>The format that stores the seasonal levels and spreads and the likelihoods' windows of errors in four bytes, the levels less an anchor.</summary>
    private const byte SingleLevelsVersion = 5;

    /// <summary>The format that stores a slot's visits in one byte instead of two.</summary>
    private const byte ByteVisitsVersion = 6;

    /// <summary>The format that added the range seen (<see cref="RangeNovelty"/>); a state written before starts it afresh.</summary>
    private const byte RangeVersion = 7;

    /// <summary>
    /// The format whose model likelihood keeps its window of errors with their signs and whose one-sided likelihoods keep
    /// none of their own (they are judged from that one); a state written before has the signs taken from its below-side
    /// window.
    /// </summary>
    private const byte SharedWindowVersion = 8;

    /// <summary>Readings between two looks at whether the profiles' anchor still sits among their levels (before that many, at every power of two).</summary>
    private const int RecentreEvery = 1_024;

    /// <summary>How far from the daily levels' median, in their median distance from it, the anchor may sit before it moves there.</summary>
    private const double RecentreReach = 16;

    private readonly SensorScorerSettings _settings;
    private readonly AlertDebouncerSettings _debouncer;
    // The model's likelihood keeps the last forecast errors with their signs; the one-sided likelihoods keep no window of
    // their own and are judged from that one (the parts above and below the forecast), two arrays a sensor fewer.
    private AnomalyLikelihoodState _forecast = AnomalyLikelihoodState.Empty;
    private AnomalyLikelihoodState _seasonal = AnomalyLikelihoodState.Empty;
    private AnomalyLikelihoodState _forecastAbove = AnomalyLikelihoodState.Empty;
    private AnomalyLikelihoodState _forecastBelow = AnomalyLikelihoodState.Empty;
    private double _anchor;
    private ObservedRange _range;

    // The three per-slot profiles share one array of levels and one of visit counts (two objects per sensor, not six):
    // the daily profile's slots, then the weekly profile's, then the spreads'. Their layout follows from the settings.
    private readonly float[] _profileLevels;
    private readonly byte[] _profileVisits;
    private RunningMoments _overallSpread;
    private AlertDebouncerState _event;
    private SpikeDetectorState _spike;
    private bool _spikeActive;
    private RateOfChangeDetectorState _rate;
    private bool _rateActive;
    private bool _rangeActive;

    /// <summary>A scorer that has seen nothing yet. The settings are validated where they are built (<see cref="SensorOptions.ToScorerSettings"/>), not here or per reading.</summary>
    public SensorScorer(SensorScorerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _debouncer = settings.Debouncer;
        var slots = DailySlots + WeeklySlots + SpreadSlots;
        _profileLevels = new float[slots];
        _profileVisits = new byte[slots];
    }

    private int DailySlots => _settings.Seasonal.Buckets;

    private int WeeklySlots => _settings.WeeklySeasonal?.Buckets ?? 0;

    private int SpreadSlots => _settings.SeasonalSpread is null ? 0 : _settings.Seasonal.Buckets;

    private Span<float> Levels => _profileLevels.AsSpan(0, DailySlots);

    private Span<byte> Visits => _profileVisits.AsSpan(0, DailySlots);

    private Span<float> WeeklyLevels => _profileLevels.AsSpan(DailySlots, WeeklySlots);

    private Span<byte> WeeklyVisits => _profileVisits.AsSpan(DailySlots, WeeklySlots);

    private Span<float> Spreads => _profileLevels.AsSpan(DailySlots + WeeklySlots, SpreadSlots);

    private Span<byte> SpreadVisits => _profileVisits.AsSpan(DailySlots + WeeklySlots, SpreadSlots);

    /// <summary>Readings scored so far.</summary>
    public long Readings { get; private set; }

    /// <summary>Whether an anomaly event is going on.</summary>
    public bool AnomalyActive => _event.Active;

    /// <summary>Whether a failure-mode event (spike, rate of change, out of range) is going on.</summary>
    public bool FailureModeActive => _spikeActive || _rateActive || _rangeActive;

    /// <summary>
    /// Scores one reading. <paramref name="expected"/> is the recurrent model's forecast for it in the sensor's unit,
    /// or null when there was none yet. <paramref name="farOutOfRange"/> says the caller found the value far outside the
    /// sensor's learnt range (<see cref="OnlineNormalizer.Bound"/>): it is out of range whatever the configured limits.
    /// A non-finite value or forecast is an argument error. <paramref name="channelSurprise"/> is a multichannel sensor's
    /// largest surprise among its channels' relations (<see cref="ChannelRelations"/>): it joins the model's and the
    /// seasonal profile's in the one surprise the anomaly event is judged on (0, a univariate sensor's, changes nothing).
    /// </summary>
    public SensorScoreStep Step(double value, DateTimeOffset timestamp, double? expected, bool farOutOfRange = false, double channelSurprise = 0)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A reading must be finite.");
        }

        if (expected is { } forecast && !double.IsFinite(forecast))
        {
            throw new ArgumentOutOfRangeException(nameof(expected), forecast, "A forecast must be finite.");
        }

        if (!(channelSurprise >= 0 && channelSurprise < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(channelSurprise), channelSurprise, "A surprise is in [0, 1).");
        }

        var forecastSurprise = 0.0;
        AnomalyLikelihoodResult forecastResult = default;
        AnomalyLikelihoodResult forecastDecider = default;
        if (expected is { } modelForecast)
        {
            var forecastError = value - modelForecast;
            forecastResult = AnomalyLikelihood.Advance(_forecast, forecastError, _settings.Likelihood, keepSign: true);
            forecastDecider = forecastResult;
            forecastSurprise = Surprise(forecastResult.StandardScore, _settings.SurpriseScale);
            if (_settings.DirectionalSurpriseScale is { } directionalScale)
            {
                // Both sides learn from the first reading; they are judged once each has had time to see its side.
                var (aboveAverage, belowAverage) = SideAverages(_forecast.Recent);
                var full = _forecast.Recent.Length == _settings.Likelihood.ShortWindow;
                var above = AnomalyLikelihood.AdvanceOnAverage(_forecastAbove, aboveAverage, full, _settings.Likelihood);
                var below = AnomalyLikelihood.AdvanceOnAverage(_forecastBelow, belowAverage, full, _settings.Likelihood);
                var side = above.StandardScore >= below.StandardScore ? above : below;
                var directional = Readings < _settings.DirectionalLearningReadings ? 0 : Surprise(side.StandardScore, directionalScale);
                if (directional > forecastSurprise)
                {
                    (forecastSurprise, forecastDecider) = (directional, side);
                }
            }
        }

        var seasonalSurprise = 0.0;
        AnomalyLikelihoodResult seasonalResult = default;
        if (Readings == 0)
        {
            _anchor = value;
        }

        // The profiles learn the reading less the anchor: their single-precision levels round relative to its swings.
        var offset = value - _anchor;
        var weekly = _settings.WeeklySeasonal is { } weeklySettings
            ? SeasonalProfile.ExpectThenLearn(WeeklyLevels, WeeklyVisits, offset, timestamp, weeklySettings)
            : null;
        if (SeasonalProfile.ExpectThenLearn(Levels, Visits, offset, timestamp, _settings.Seasonal) is { } usual)
        {
            var distance = weekly is { } usualThisWeekday && Math.Abs(offset - usualThisWeekday) < Math.Abs(offset - usual) ? offset - usualThisWeekday : offset - usual;
            if (_settings.SeasonalSpread is { } spreadSettings)
            {
                (distance, _overallSpread) = SeasonalSpread.ScaleThenLearn(Spreads, SpreadVisits, _overallSpread, distance, timestamp, _settings.Seasonal, spreadSettings);
            }

            seasonalResult = AnomalyLikelihood.Advance(_seasonal, distance, _settings.Likelihood);
            seasonalSurprise = Surprise(seasonalResult.StandardScore, _settings.SurpriseScale);
        }

        var noveltySurprise = 0.0;
        var rangeBefore = _range;
        if (_settings.Novelty is { } novelty)
        {
            // The allowance beyond the range is in usual forecast errors: without a forecast, or while they are learnt, none is judged.
            noveltySurprise = expected is null || forecastResult.Learning ? 0 : RangeNovelty.Surprise(_range, value, forecastResult.UsualAverage, novelty);
            _range = RangeNovelty.Learn(_range, value, novelty);
        }

        var surprise = Math.Max(Math.Max(Math.Max(forecastSurprise, seasonalSurprise), channelSurprise), noveltySurprise);
        (var anomaly, _event) = AlertDebouncer.Observe(_event, surprise, timestamp, _debouncer);
        var score = anomaly == AlertTransition.Start ? surprise : Math.Min(surprise, _settings.ClearThreshold);

        var spikeBefore = _spike;
        (var spiked, _spike) = SpikeDetector.Observe(_spike, value, _settings.Spike);
        var spike = Transition(ref _spikeActive, spiked);
        var rateBefore = _rate;
        (var rateFired, _rate) = RateOfChangeDetector.Observe(_rate, value, timestamp, _settings.RateOfChange);
        var rate = Transition(ref _rateActive, rateFired);
        var range = Transition(ref _rangeActive, farOutOfRange || RangeDetector.IsOutOfRange(value, _settings.Range));

        Readings++;
        if (Readings % RecentreEvery == 0 || long.IsPow2(Readings))
        {
            RecentreProfiles();
        }

        // Evidence is built only for what starts or updates an alert: most readings allocate nothing for it.
        return new SensorScoreStep(score, surprise, forecastSurprise, seasonalSurprise, anomaly, spike, rate, range)
        {
            NoveltySurprise = noveltySurprise,
            AnomalyEvidence = anomaly is not (AlertTransition.Start or AlertTransition.Update) ? null
                : noveltySurprise > Math.Max(forecastSurprise, seasonalSurprise) ? NoveltyEvidence(value, rangeBefore)
                : AnomalyEvidence(value, expected, forecastSurprise >= seasonalSurprise, forecastResult, forecastSurprise >= seasonalSurprise ? forecastDecider : seasonalResult),
            SpikeEvidence = spike == AlertTransition.Start ? SpikeDetector.Evidence(spikeBefore, value, _settings.Spike) : null,
            RateOfChangeEvidence = rate == AlertTransition.Start ? RateOfChangeDetector.Evidence(rateBefore, value, timestamp, _settings.RateOfChange) : null,
        };
    }

    /// <summary>The mean of the parts of <paramref name="errors"/> (signed, not empty) above and below the forecast.</summary>
    private static (double Above, double Below) SideAverages(ReadOnlySpan<float> errors)
    {
        double above = 0, below = 0;
        foreach (var error in errors)
        {
            above += Math.Max(error, 0);
            below += Math.Max(-error, 0);
        }

        return (above / errors.Length, below / errors.Length);
    }

    /// <summary>
    /// Moves the profiles' anchor (their first reading at first) to the daily levels' median when it sits more than
    /// <see cref="RecentreReach"/> times their median distance from that median away from it: a first reading that was a
    /// glitch, or a level that drifted for months, would otherwise leave every level rounded relative to a large offset.
    /// The median, not the mean, so that one slot a glitch pulled far does not hold the anchor with it. Every visited
    /// level moves by as much, rounded once.
    /// </summary>
    private void RecentreProfiles()
    {
        var levels = Levels;
        var visits = Visits;
        Span<double> visited = stackalloc double[levels.Length];
        var count = 0;
        for (var slot = 0; slot < levels.Length; slot++)
        {
            if (visits[slot] > 0)
            {
                visited[count++] = levels[slot];
            }
        }

        if (count == 0)
        {
            return;
        }

        visited = visited[..count];
        var median = Median(visited);
        for (var i = 0; i < visited.Length; i++)
        {
            visited[i] = Math.Abs(visited[i] - median);
        }

        if (Math.Abs(median) <= RecentreReach * Median(visited) || !double.IsFinite(_anchor + median))
        {
            return;
        }

        _anchor += median;
        Shift(levels, visits, median);
        Shift(WeeklyLevels, WeeklyVisits, median);
    }

    /// <summary>The median of <paramref name="values"/> (not empty), which it sorts.</summary>
    private static double Median(Span<double> values)
    {
        values.Sort();
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static void Shift(Span<float> levels, ReadOnlySpan<byte> visits, double by)
    {
        for (var slot = 0; slot < levels.Length; slot++)
        {
            if (visits[slot] > 0)
            {
                levels[slot] = SinglePrecision.Of(levels[slot] - by);
            }
        }
    }

    /// <summary>The value the profiles' levels are kept relative to.</summary>
    internal double ProfileAnchor => _anchor;

    /// <summary>The daily profile's level for <paramref name="timestamp"/>'s slot in the sensor's unit, or null before its first visit.</summary>
    internal double? UsualLevel(DateTimeOffset timestamp)
    {
        var slot = SeasonalProfile.Bucket(timestamp, _settings.Seasonal);
        return Visits[slot] > 0 ? _anchor + Levels[slot] : null;
    }

    /// <summary>
    /// Why an anomaly was raised: the deciding likelihood's z and likelihood, the model's error against its usual size,
    /// and the range around the forecast within which a reading whose error is as large as the recent average error would
    /// stay below the alert threshold: forecast ± (μ + z*·σ), z* the forecast likelihood's standard score at the threshold.
    /// </summary>
    private AlertEvidence AnomalyEvidence(double value, double? expected, bool byForecast, AnomalyLikelihoodResult forecast, AnomalyLikelihoodResult decider)
    {
        double? lower = null;
        double? upper = null;
        if (expected is { } made && !forecast.Learning)
        {
            var thresholdScore = _settings.AtThreshold(_settings.SurpriseScale);
            var reach = forecast.UsualAverage + (thresholdScore * forecast.Deviation);
            (lower, upper) = (made - reach, made + reach);
        }

        var hasForecast = expected is not null && !forecast.Learning;
        return new AlertEvidence(AlertEvidence.ValueMeasure, value, lower, upper)
        {
            Basis = byForecast ? "forecast" : "seasonal",
            Likelihood = decider.Likelihood,
            StandardScore = decider.StandardScore,
            ForecastError = expected is { } forecastMade ? value - forecastMade : null,
            RecentError = hasForecast ? forecast.Average : null,
            UsualError = hasForecast ? forecast.UsualAverage : null,
            ErrorSpread = hasForecast ? forecast.Deviation : null,
        };
    }

    /// <summary>
    /// The evidence of an anomaly the range seen decided: the reading against the band it may reach before its surprise
    /// reaches the threshold (the range widened on each side by the excess that makes that surprise).
    /// </summary>
    private AlertEvidence NoveltyEvidence(double value, ObservedRange range)
    {
        var reach = (range.High - range.Low) * _settings.AtThreshold(_settings.Novelty!.Scale);
        return new AlertEvidence(AlertEvidence.ValueMeasure, value, range.Low - reach, range.High + reach) { Basis = AlertEvidence.RangeBasis };
    }

    /// <summary>The model's last forecast errors in the sensor's unit, oldest first, one per reading it forecast (at most the averaging window).</summary>
    /// <remarks>Signed: positive where the reading was above the forecast.</remarks>
    public ReadOnlySpan<float> RecentForecastErrors => _forecast.Recent;

    /// <summary>
    /// After a model switch. Given a <paramref name="comparison"/> of the two models on the same recent readings
    /// (<see cref="ModelErrorComparison"/>), the model's likelihoods go on as <see cref="AnomalyLikelihood.Switch"/> says:
    /// a model that errs alike takes over at once, with its own recent errors; any other starts a probation with the
    /// distribution rescaled. Without one they start a probation (<see cref="AnomalyLikelihood.StartProbation"/>) with
    /// the distribution kept only as a prior. Either way a better or worse model does not by itself look anomalous.
    /// </summary>
    public void SwitchModel(ModelComparison? comparison = null)
    {
        if (comparison is null)
        {
            _forecast = AnomalyLikelihood.StartProbation(_forecast, _settings.Likelihood);
            _forecastAbove = AnomalyLikelihood.StartProbation(_forecastAbove, _settings.Likelihood);
            _forecastBelow = AnomalyLikelihood.StartProbation(_forecastBelow, _settings.Likelihood);
            return;
        }

        var errors = comparison.NewErrors;
        _forecast = AnomalyLikelihood.Switch(_forecast, _settings.Likelihood, comparison.ErrorRatio, errors, keepSigns: true);
        _forecastAbove = AnomalyLikelihood.SwitchWithoutWindow(_forecastAbove, _settings.Likelihood, comparison.ErrorRatio, errors.Length > 0);
        _forecastBelow = AnomalyLikelihood.SwitchWithoutWindow(_forecastBelow, _settings.Likelihood, comparison.ErrorRatio, errors.Length > 0);
    }

    /// <summary>The whole state as bytes, for grain storage.</summary>
    public byte[] Save()
    {
        using var stream = new MemoryStream();
        SaveTo(stream);
        return stream.ToArray();
    }

    /// <summary>Writes what <see cref="Save"/> returns to <paramref name="stream"/>.</summary>
    public void SaveTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(FormatVersion);
            writer.Write(Readings);
            Write(writer, _forecast);
            Write(writer, _seasonal);
            WriteProfile(writer, Levels, Visits);
            WriteProfile(writer, WeeklyLevels, WeeklyVisits);

            writer.Write(_event.Active);
            writer.Write(_event.Readings);
            writer.Write(_event.StartedAtReading);
            writer.Write(_event.StartedAtUtcTicks);
            writer.Write(_event.Peak);
            writer.Write(_event.ReportedPeak);
            writer.Write(_event.LastReportReading);
            writer.Write(_event.QuietStreak);
            Write(writer, _spike.Recent);
            writer.Write(_spikeActive);
            writer.Write(_rate.HasPrevious);
            writer.Write(_rate.PreviousValue);
            writer.Write(_rate.PreviousUtcTicks);
            Write(writer, _rate.Rates);
            writer.Write(_rateActive);
            writer.Write(_rangeActive);
            Write(writer, _forecastAbove);
            Write(writer, _forecastBelow);
            WriteProfile(writer, Spreads, SpreadVisits);
            Write(writer, _overallSpread);
            writer.Write(_anchor);
            writer.Write(_range.Low);
            writer.Write(_range.High);
            writer.Write(_range.Readings);
        }
    }

    /// <summary>
    /// A scorer with the state <see cref="Save"/> wrote, or a new one for an empty array. A state saved with another
    /// number of seasonal slots starts that profile afresh and keeps the rest; so does a state of format 2 for what it
    /// did not hold (the one-sided likelihoods and the time-of-day spread). Formats 2 and 3 stored each slot's visits
    /// in four bytes, formats 4 and 5 in two; they are read counted up to <see cref="byte.MaxValue"/>, where the settings
    /// let no count change what a slot does. Formats 2 to 4 stored the
    /// levels, spreads and recent errors in eight bytes, the levels as they were: they are rounded to four, the levels
    /// less an anchor at their mean, so such a sensor goes on as it would have to within that rounding. Formats 3 to 7 kept
    /// a window of errors for each one-sided likelihood and the model's errors as sizes: the sizes take their signs from
    /// the below side's window, and the sensor goes on exactly as it would have.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not a saved scorer state.</exception>
    public static SensorScorer Load(byte[] state, SensorScorerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(state);
        var scorer = new SensorScorer(settings);
        if (state.Length == 0)
        {
            return scorer;
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(state, writable: false));
            var version = reader.ReadByte();
            if (version is < FirstReadableVersion or > FormatVersion)
            {
                throw new InvalidDataException($"Sensor scorer state of format {version}; this version reads {FirstReadableVersion} to {FormatVersion}.");
            }

            scorer.Readings = reader.ReadInt64();
            scorer._forecast = ReadLikelihood(reader, version);
            scorer._seasonal = ReadLikelihood(reader, version);
            var daily = ReadProfile(reader, version);
            var weekly = ReadProfile(reader, version);

            scorer._event = new AlertDebouncerState(
                reader.ReadBoolean(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadInt64(), reader.ReadInt32());
            scorer._spike = new SpikeDetectorState(ReadMoments(reader));
            scorer._spikeActive = reader.ReadBoolean();
            scorer._rate = new RateOfChangeDetectorState(reader.ReadBoolean(), reader.ReadDouble(), reader.ReadInt64(), ReadMoments(reader));
            scorer._rateActive = reader.ReadBoolean();
            scorer._rangeActive = reader.ReadBoolean();
            if (version >= OneSidedVersion)
            {
                scorer._forecastAbove = ReadLikelihood(reader, version);
                scorer._forecastBelow = ReadLikelihood(reader, version);
                if (version < SharedWindowVersion)
                {
                    scorer.ShareForecastWindow();
                }

                var spreads = ReadProfile(reader, version);
                CopyIfSameSlots(Rounded(spreads.Values, 0), spreads.Visits, scorer.Spreads, scorer.SpreadVisits);
                scorer._overallSpread = ReadMoments(reader);
            }

            // Format 5 on stores the levels less the anchor it appends; earlier formats stored them as they were.
            var anchor = version >= SingleLevelsVersion ? reader.ReadDouble() : VisitedMean(daily) ?? VisitedMean(weekly) ?? 0;
            if (!double.IsFinite(anchor))
            {
                throw new InvalidDataException($"Sensor scorer state has a profile anchor of {anchor}.");
            }

            scorer._anchor = anchor;
            if (version >= RangeVersion)
            {
                scorer._range = ReadRange(reader);
            }
            var stored = version >= SingleLevelsVersion ? 0 : anchor;
            CopyIfSameSlots(Rounded(daily.Values, stored), daily.Visits, scorer.Levels, scorer.Visits);
            CopyIfSameSlots(Rounded(weekly.Values, stored), weekly.Visits, scorer.WeeklyLevels, scorer.WeeklyVisits);
            return scorer;
        }
        catch (EndOfStreamException exception)
        {
            throw new InvalidDataException("Sensor scorer state is truncated.", exception);
        }
    }

    private static double Surprise(double standardScore, double scale) => standardScore <= 0 ? 0 : standardScore / (standardScore + scale);

    private static AlertTransition Transition(ref bool active, bool firing)
    {
        if (firing == active)
        {
            return AlertTransition.None;
        }

        active = firing;
        return firing ? AlertTransition.Start : AlertTransition.End;
    }

    /// <summary>
    /// For a state of format 7 or before, whose model likelihood kept error sizes and whose one-sided likelihoods kept a
    /// window each: the sizes take the sign of the below side's window (aligned at their newest ends; the windows moved
    /// together), and the one-sided likelihoods drop their windows.
    /// </summary>
    private void ShareForecastWindow()
    {
        var sizes = _forecast.Recent;
        var below = _forecastBelow.Recent;
        for (int i = sizes.Length - 1, j = below.Length - 1; i >= 0 && j >= 0; i--, j--)
        {
            if (below[j] > 0)
            {
                sizes[i] = -Math.Abs(sizes[i]);
            }
        }

        _forecastAbove = _forecastAbove.WithoutWindow();
        _forecastBelow = _forecastBelow.WithoutWindow();
    }

    private static void Write(BinaryWriter writer, AnomalyLikelihoodState state)
    {
        writer.Write(state.Readings);
        Write(writer, state.Averages);
        writer.Write(state.Recent.Length);
        BinaryArrays.Write(writer, state.Recent);

        writer.Write(state.ProbationRemaining);
    }

    private static void Write(BinaryWriter writer, RunningMoments moments)
    {
        writer.Write(moments.Count);
        writer.Write(moments.Mean);
        writer.Write(moments.Variance);
    }

    private static AnomalyLikelihoodState ReadLikelihood(BinaryReader reader, byte version)
    {
        var readings = reader.ReadInt64();
        var averages = ReadMoments(reader);
        var length = reader.ReadInt32();
        if (length < 0 || length > (reader.BaseStream.Length - reader.BaseStream.Position) / sizeof(float))
        {
            throw new InvalidDataException($"Sensor scorer state has a likelihood window of {length} errors.");
        }

        var recent = new float[length];
        for (var i = 0; i < recent.Length; i++)
        {
            recent[i] = version >= SingleLevelsVersion ? reader.ReadSingle() : SinglePrecision.Of(reader.ReadDouble());
        }

        return new AnomalyLikelihoodState(readings, averages, recent, reader.ReadInt32());
    }

    private static RunningMoments ReadMoments(BinaryReader reader) => new(reader.ReadInt64(), reader.ReadDouble(), reader.ReadDouble());

    private static ObservedRange ReadRange(BinaryReader reader)
    {
        var range = new ObservedRange(reader.ReadDouble(), reader.ReadDouble(), reader.ReadInt64());
        if (!double.IsFinite(range.Low) || !double.IsFinite(range.High) || range.Low > range.High || range.Readings < 0)
        {
            throw new InvalidDataException($"Sensor scorer state has a range seen of [{range.Low}, {range.High}] over {range.Readings} readings.");
        }

        return range;
    }

    private static void WriteProfile(BinaryWriter writer, ReadOnlySpan<float> levels, ReadOnlySpan<byte> visits)
    {
        writer.Write(levels.Length);
        BinaryArrays.Write<float>(writer, levels);
        BinaryArrays.Write<byte>(writer, visits);
    }

    /// <summary>Takes a saved per-slot profile when it has as many slots as the settings give; otherwise that profile starts afresh.</summary>
    private static void CopyIfSameSlots(float[] savedValues, byte[] savedVisits, Span<float> values, Span<byte> visits)
    {
        if (savedValues.Length == values.Length && savedVisits.Length == visits.Length)
        {
            savedValues.CopyTo(values);
            savedVisits.CopyTo(visits);
        }
    }

    /// <summary>The mean of a profile's visited levels, or null when it has none.</summary>
    private static double? VisitedMean((double[] Values, byte[] Visits) profile)
    {
        var sum = 0.0;
        var visited = 0;
        for (var slot = 0; slot < profile.Values.Length; slot++)
        {
            if (profile.Visits[slot] > 0)
            {
                sum += profile.Values[slot];
                visited++;
            }
        }

        return visited == 0 ? null : sum / visited;
    }

    /// <summary>Saved values less <paramref name="less"/> (an earlier format's anchor; 0 from format 5 on, which stored them less it), in four bytes.</summary>
    private static float[] Rounded(double[] values, double less) => Array.ConvertAll(values, value => SinglePrecision.Of(value - less));

    /// <summary>A saved per-slot profile: its values (stored in four bytes from format 5 on, in eight before) and its visits.</summary>
    private static (double[] Values, byte[] Visits) ReadProfile(BinaryReader reader, byte version)
    {
        var buckets = reader.ReadInt32();
        if (buckets is < 0 or > SeasonalProfileSettings.DaysPerWeek * SeasonalProfileSettings.MaximumSlotsPerDay)
        {
            throw new InvalidDataException($"Sensor scorer state has a profile of {buckets} slots.");
        }

        var levels = new double[buckets];
        var visits = new byte[buckets];
        for (var i = 0; i < buckets; i++)
        {
            levels[i] = version >= SingleLevelsVersion ? reader.ReadSingle() : reader.ReadDouble();
        }

        for (var i = 0; i < buckets; i++)
        {
            visits[i] = version >= ByteVisitsVersion ? reader.ReadByte() : (byte)Math.Clamp(version >= ShortVisitsVersion ? reader.ReadUInt16() : reader.ReadInt32(), 0, byte.MaxValue);
        }

        return (levels, visits);
    }
}
