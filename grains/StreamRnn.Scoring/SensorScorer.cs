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
/// the reading's surprise.</item>
/// <item><b>Events.</b> <see cref="AlertDebouncer"/> turns the surprise into events with a start, updates and an end, a
/// new start no sooner than <see cref="SensorScorerSettings.MinimumEventGap"/> readings after the last.</item>
/// <item><b>Failure modes.</b> Spike, rate of change and out-of-range, each reported when it starts and ends.</item>
/// </list>
/// After a model switch (<see cref="SwitchModel"/>) the model's likelihood goes on with the new model's errors, carried over or relearnt;
/// the seasonal profile, which no model made, goes on.
/// </summary>
public sealed class SensorScorer
{
    private const byte FormatVersion = 4;
    private const byte FirstReadableVersion = 2;

    /// <summary>The format that added the one-sided likelihoods and the time-of-day spread.</summary>
    private const byte OneSidedVersion = 3;

    /// <summary>The format that stores a slot's visits in two bytes instead of four.</summary>
    private const byte ShortVisitsVersion = 4;

    private readonly SensorScorerSettings _settings;
    private readonly AlertDebouncerSettings _debouncer;
    private AnomalyLikelihoodState _forecast = AnomalyLikelihoodState.Empty;
    private AnomalyLikelihoodState _seasonal = AnomalyLikelihoodState.Empty;
    private AnomalyLikelihoodState _forecastAbove = AnomalyLikelihoodState.Empty;
    private AnomalyLikelihoodState _forecastBelow = AnomalyLikelihoodState.Empty;
    private double[] _levels;
    private ushort[] _visits;
    private double[] _weeklyLevels;
    private ushort[] _weeklyVisits;
    private double[] _spreads;
    private ushort[] _spreadVisits;
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
        _levels = new double[settings.Seasonal.Buckets];
        _visits = new ushort[settings.Seasonal.Buckets];
        _weeklyLevels = new double[settings.WeeklySeasonal?.Buckets ?? 0];
        _weeklyVisits = new ushort[settings.WeeklySeasonal?.Buckets ?? 0];
        _spreads = new double[settings.SeasonalSpread is null ? 0 : settings.Seasonal.Buckets];
        _spreadVisits = new ushort[_spreads.Length];
    }

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
            forecastResult = AnomalyLikelihood.Advance(_forecast, forecastError, _settings.Likelihood);
            forecastDecider = forecastResult;
            forecastSurprise = Surprise(forecastResult.StandardScore, _settings.SurpriseScale);
            if (_settings.DirectionalSurpriseScale is { } directionalScale)
            {
                var above = AnomalyLikelihood.Advance(_forecastAbove, Math.Max(forecastError, 0), _settings.Likelihood);
                var below = AnomalyLikelihood.Advance(_forecastBelow, Math.Max(-forecastError, 0), _settings.Likelihood);
                var side = above.StandardScore >= below.StandardScore ? above : below;
                var directional = Surprise(side.StandardScore, directionalScale);
                if (directional > forecastSurprise)
                {
                    (forecastSurprise, forecastDecider) = (directional, side);
                }
            }
        }

        var seasonalSurprise = 0.0;
        AnomalyLikelihoodResult seasonalResult = default;
        var weekly = _settings.WeeklySeasonal is { } weeklySettings
            ? SeasonalProfile.ExpectThenLearn(_weeklyLevels, _weeklyVisits, value, timestamp, weeklySettings)
            : null;
        if (SeasonalProfile.ExpectThenLearn(_levels, _visits, value, timestamp, _settings.Seasonal) is { } usual)
        {
            var distance = weekly is { } usualThisWeekday && Math.Abs(value - usualThisWeekday) < Math.Abs(value - usual) ? value - usualThisWeekday : value - usual;
            if (_settings.SeasonalSpread is { } spreadSettings)
            {
                (distance, _overallSpread) = SeasonalSpread.ScaleThenLearn(_spreads, _spreadVisits, _overallSpread, distance, timestamp, _settings.Seasonal, spreadSettings);
            }

            seasonalResult = AnomalyLikelihood.Advance(_seasonal, distance, _settings.Likelihood);
            seasonalSurprise = Surprise(seasonalResult.StandardScore, _settings.SurpriseScale);
        }

        var surprise = Math.Max(Math.Max(forecastSurprise, seasonalSurprise), channelSurprise);
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

        // Evidence is built only for what starts or updates an alert: most readings allocate nothing for it.
        return new SensorScoreStep(score, surprise, forecastSurprise, seasonalSurprise, anomaly, spike, rate, range)
        {
            AnomalyEvidence = anomaly is AlertTransition.Start or AlertTransition.Update
                ? AnomalyEvidence(value, expected, forecastSurprise >= seasonalSurprise, forecastResult, forecastSurprise >= seasonalSurprise ? forecastDecider : seasonalResult)
                : null,
            SpikeEvidence = spike == AlertTransition.Start ? SpikeDetector.Evidence(spikeBefore, value, _settings.Spike) : null,
            RateOfChangeEvidence = rate == AlertTransition.Start ? RateOfChangeDetector.Evidence(rateBefore, value, timestamp, _settings.RateOfChange) : null,
        };
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
            var thresholdScore = _settings.Threshold * _settings.SurpriseScale / (1 - _settings.Threshold);
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

    /// <summary>The model's last forecast errors in the sensor's unit, oldest first, one per reading it forecast (at most the averaging window).</summary>
    public ReadOnlySpan<double> RecentForecastErrors => _forecast.Recent;

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
        var above = Array.ConvertAll(errors, error => Math.Max(error, 0));
        var below = Array.ConvertAll(errors, error => Math.Max(-error, 0));
        _forecast = AnomalyLikelihood.Switch(_forecast, _settings.Likelihood, comparison.ErrorRatio, errors);
        _forecastAbove = AnomalyLikelihood.Switch(_forecastAbove, _settings.Likelihood, comparison.ErrorRatio, above);
        _forecastBelow = AnomalyLikelihood.Switch(_forecastBelow, _settings.Likelihood, comparison.ErrorRatio, below);
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
            WriteProfile(writer, _levels, _visits);
            WriteProfile(writer, _weeklyLevels, _weeklyVisits);

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
            WriteProfile(writer, _spreads, _spreadVisits);
            Write(writer, _overallSpread);
        }
    }

    /// <summary>
    /// A scorer with the state <see cref="Save"/> wrote, or a new one for an empty array. A state saved with another
    /// number of seasonal slots starts that profile afresh and keeps the rest; so does a state of format 2 for what it
    /// did not hold (the one-sided likelihoods and the time-of-day spread). Formats 2 and 3 stored each slot's visits
    /// in four bytes; they are read as they were, counted up to <see cref="ushort.MaxValue"/>.
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
            scorer._forecast = ReadLikelihood(reader);
            scorer._seasonal = ReadLikelihood(reader);
            KeepIfSameSlots(ReadProfile(reader, version), ref scorer._levels, ref scorer._visits);
            KeepIfSameSlots(ReadProfile(reader, version), ref scorer._weeklyLevels, ref scorer._weeklyVisits);

            scorer._event = new AlertDebouncerState(
                reader.ReadBoolean(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadInt64(), reader.ReadInt32());
            scorer._spike = new SpikeDetectorState(ReadMoments(reader));
            scorer._spikeActive = reader.ReadBoolean();
            scorer._rate = new RateOfChangeDetectorState(reader.ReadBoolean(), reader.ReadDouble(), reader.ReadInt64(), ReadMoments(reader));
            scorer._rateActive = reader.ReadBoolean();
            scorer._rangeActive = reader.ReadBoolean();
            if (version >= OneSidedVersion)
            {
                scorer._forecastAbove = ReadLikelihood(reader);
                scorer._forecastBelow = ReadLikelihood(reader);
                KeepIfSameSlots(ReadProfile(reader, version), ref scorer._spreads, ref scorer._spreadVisits);
                scorer._overallSpread = ReadMoments(reader);
            }

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

    private static AnomalyLikelihoodState ReadLikelihood(BinaryReader reader)
    {
        var readings = reader.ReadInt64();
        var averages = ReadMoments(reader);
        var recent = new double[reader.ReadInt32()];
        for (var i = 0; i < recent.Length; i++)
        {
            recent[i] = reader.ReadDouble();
        }

        return new AnomalyLikelihoodState(readings, averages, recent, reader.ReadInt32());
    }

    private static RunningMoments ReadMoments(BinaryReader reader) => new(reader.ReadInt64(), reader.ReadDouble(), reader.ReadDouble());

    private static void WriteProfile(BinaryWriter writer, double[] levels, ushort[] visits)
    {
        writer.Write(levels.Length);
        BinaryArrays.Write(writer, levels);
        BinaryArrays.Write(writer, visits);
    }

    /// <summary>Takes a saved per-slot profile when it has as many slots as the settings give; otherwise that profile starts afresh.</summary>
    private static void KeepIfSameSlots((double[] Values, ushort[] Visits) saved, ref double[] values, ref ushort[] visits)
    {
        if (saved.Values.Length == values.Length)
        {
            values = saved.Values;
            visits = saved.Visits;
        }
    }

    private static (double[] Levels, ushort[] Visits) ReadProfile(BinaryReader reader, byte version)
    {
        var buckets = reader.ReadInt32();
        if (buckets is < 0 or > SeasonalProfileSettings.DaysPerWeek * SeasonalProfileSettings.MaximumSlotsPerDay)
        {
            throw new InvalidDataException($"Sensor scorer state has a profile of {buckets} slots.");
        }

        var levels = new double[buckets];
        var visits = new ushort[buckets];
        for (var i = 0; i < buckets; i++)
        {
            levels[i] = reader.ReadDouble();
        }

        for (var i = 0; i < buckets; i++)
        {
            visits[i] = version >= ShortVisitsVersion ? reader.ReadUInt16() : (ushort)Math.Clamp(reader.ReadInt32(), 0, ushort.MaxValue);
        }

        return (levels, visits);
    }
}
