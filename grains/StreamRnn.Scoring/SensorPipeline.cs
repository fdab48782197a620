namespace StreamRnn.Scoring;

/// <summary>
/// One sensor's scoring, from readings and the forecasts made for them to scores, alerts and training windows, over one
/// <see cref="SensorPipelineState"/>. Pure: the caller runs the model (the inference pool live, the forecaster over a
/// whole series offline), keeps the clock and stores <see cref="Save"/>'s bytes. Per batch:
/// <list type="number">
/// <item><see cref="Normalize"/>: each reading is normalised with the moments learnt before it; nothing changes yet.</item>
/// <item>The caller runs the model over the inputs; after a model switch it runs it from a zero state over
/// <see cref="RewarmInputs"/> (the recent inputs, then the batch's) instead.</item>
/// <item><see cref="Score"/>: the batch is taken in (the normaliser learns it first); each reading is scored against the forecast made before it, denormalised with the moments
/// just before the reading; stuck runs are judged; the training windows the batch completed are cut.</item>
/// </list>
/// Dropout is judged on the arrival clock by <see cref="CheckDropout"/>. A multichannel sensor also judges every channel
/// by its relation to the others (<see cref="ChannelRelations"/>, with <see cref="SensorPipelineSettings.ChannelSurpriseScale"/>):
/// the largest channel surprise joins channel 0's in its one anomaly event. The same readings give the same state,
/// scores and alerts whether they come one by one or in one batch.
/// </summary>
public sealed class SensorPipeline
{
    /// <summary>Weight of a new squared error in <see cref="SensorPipelineState.ForecastErrorEwma"/>: about the last 100 readings.</summary>
    private const double ErrorEwmaWeight = 0.01;

    /// <summary>Weight of a new arrival gap in <see cref="SensorPipelineState.MeanArrivalGapSeconds"/>: about the last 10 batches.</summary>
    private const double ArrivalGapWeight = 0.1;

    /// <summary>A stuck run must be at least this many times the longest run the sensor had in normal operation.</summary>
    private const int NormalRunFactor = 2;

    /// <summary>The score a failure-mode alert carries: its detector fired (start) or stopped (end).</summary>
    private const double Fired = 1.0;
    private const double Stopped = 0.0;

    /// <summary>The settings as given; <see cref="_settings"/> are these scaled to the sensor's cadence.</summary>
    private readonly SensorPipelineSettings _givenSettings;
    private readonly SensorPipelineState _state;
    private SensorPipelineSettings _settings;
    private SensorScorer _scorer;

    /// <summary>A multichannel sensor's channel judge, made (or loaded) on its first scored batch; null before and for a univariate sensor.</summary>
    private ChannelRelations? _relations;

    /// <summary>A pipeline over <paramref name="state"/> (a new sensor's when null). Settings are validated where they are built.</summary>
    public SensorPipeline(SensorPipelineSettings settings, SensorPipelineState? state = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _givenSettings = settings;
        _state = state ?? new SensorPipelineState();
        _settings = _state.CadenceScale > 0 ? CadenceScaling.Apply(settings, _state.CadenceScale) : settings;
        _scorer = SensorScorer.Load(_state.Scorer, _settings.Scorer);

        // The scorer lives in _scorer now: its bytes would only double its memory (they are written afresh by Save).
        _state.Scorer = [];
        if (_settings.ChannelSurpriseScale is not null && _state.NormalizerMeans.Length > 1)
        {
            _relations = ChannelRelations.Load(_state.ChannelRelations, _state.NormalizerMeans.Length, _settings.Scorer.Seasonal.Buckets);
        }

        _state.ChannelRelations = [];
    }

    /// <summary>The state (read it; it changes with every call).</summary>
    public SensorPipelineState State => _state;

    /// <summary>A pipeline over the state <see cref="Save"/> wrote (a new sensor's for an empty array).</summary>
    /// <exception cref="InvalidDataException">The bytes are not a saved pipeline state.</exception>
    public static SensorPipeline Load(byte[] saved, SensorPipelineSettings settings) => new(settings, SensorPipelineState.FromBytes(saved));

    /// <summary>The whole state as versioned bytes (written through a recycled buffer: the array returned is the only allocation of its size).</summary>
    public byte[] Save()
    {
        var stream = RecycledStreams.Rent();
        try
        {
            SaveTo(stream);
            return stream.ToArray();
        }
        finally
        {
            RecycledStreams.Return(stream);
        }
    }

    /// <summary>
    /// Writes what <see cref="Save"/> returns to <paramref name="stream"/>, the scorer's part through a reused buffer:
    /// for a snapshot taken on every call (<see cref="PipelineSnapshot"/>), which would otherwise allocate the whole
    /// state twice over.
    /// </summary>
    public void SaveTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var scorer = RecycledStreams.Rent();
        try
        {
            _scorer.SaveTo(scorer);
            _state.WriteTo(stream, scorer.GetBuffer().AsSpan(0, (int)scorer.Length), _relations?.Save() ?? []);
        }
        finally
        {
            RecycledStreams.Return(scorer);
        }
    }

    /// <summary>The forecast made after the last reading, in the sensor's unit (first channel).</summary>
    public IEnumerable<double> LastForecast()
    {
        var moments = ChannelMoments(0);
        return _state.LastForecast.Select(value => OnlineNormalizer.Denormalize(moments, value));
    }

    /// <summary>
    /// Normalises a batch, every reading with the moments learnt before it. Changes nothing: what the batch teaches the
    /// normaliser travels in the inputs and is taken in by <see cref="Score"/>, so a batch whose model step fails leaves
    /// the pipeline as it was.
    /// </summary>
    /// <exception cref="ArgumentException">The readings do not all have the sensor's channel count, or one is not finite.</exception>
    /// <exception cref="InvalidOperationException">The sensor had another channel count before.</exception>
    public PipelineInputs Normalize(IReadOnlyList<SensorPipelineReading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        ArgumentOutOfRangeException.ThrowIfZero(readings.Count, nameof(readings));
        var channels = readings[0].Values.Length;
        foreach (var reading in readings)
        {
            if (reading.Values.Length != channels)
            {
                throw new ArgumentException($"A reading at offset {reading.Offset} has {reading.Values.Length} channels; the batch has {channels}.", nameof(readings));
            }

            if (!AllFinite(reading.Values.AsSpan()))
            {
                throw new ArgumentException($"A reading at offset {reading.Offset} has a NaN or infinite value.", nameof(readings));
            }
        }

        var known = _state.NormalizerMeans.Length;
        if (known != 0 && known != channels)
        {
            throw new InvalidOperationException($"A sensor's channel count cannot change (was {known}, now {channels}).");
        }

        double[] means = known == 0 ? new double[channels] : [.. _state.NormalizerMeans];
        double[] variances = known == 0 ? new double[channels] : [.. _state.NormalizerVariances];
        var count = _state.NormalizerCount;
        var inputs = new float[readings.Count * channels];
        var scales = new RunningMoments[readings.Count * channels];
        for (var step = 0; step < readings.Count; step++)
        {
            var values = readings[step].Values.AsSpan();
            var normalized = inputs.AsSpan(step * channels, channels);
            var counted = count;
            for (var channel = 0; channel < channels; channel++)
            {
                // Normalised with the moments learnt before the reading, then learnt.
                var moments = new RunningMoments(count, means[channel], variances[channel]);
                scales[(step * channels) + channel] = moments;
                normalized[channel] = OnlineNormalizer.Normalize(moments, values[channel]);
                var next = OnlineNormalizer.Update(moments, OnlineNormalizer.Bound(moments, values[channel], out _));
                means[channel] = next.Mean;
                variances[channel] = next.Variance;
                counted = next.Count;
            }

            count = counted;
        }

        return new PipelineInputs(readings, inputs, channels, scales, new LearntNormalizer(_state.NormalizerCount, count, means, variances));
    }

    /// <summary>
    /// After a model switch: a hidden state made by other weights means nothing to the new ones, so the model runs from
    /// a zero state over the recent inputs (at most <see cref="SensorPipelineSettings.WindowSize"/> readings), then the
    /// batch's. Returns those inputs and how many of them are recent (warm-up) steps.
    /// </summary>
    public (float[] Inputs, int WarmSteps) RewarmInputs(PipelineInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var channels = inputs.Channels;
        var warmSteps = Math.Min(Math.Min(_state.RecentInputs.Length / channels, _settings.WindowSize), _state.RecentValueCount);
        var rewarm = new float[(warmSteps + inputs.Steps) * channels];
        _state.RecentInputs.AsSpan(_state.RecentInputs.Length - (warmSteps * channels)).CopyTo(rewarm);
        inputs.Values.CopyTo(rewarm, warmSteps * channels);
        return (rewarm, warmSteps);
    }

    /// <summary>
    /// Scores a normalised batch with the model's forecasts: <paramref name="forecasts"/> holds the forecast (normalised,
    /// every horizon step) after each input step the model ran, <paramref name="warmSteps"/> re-warm steps first
    /// (<see cref="RewarmInputs"/>; 0 without a switch). <paramref name="modelSwitched"/> compares the new model with
    /// the old on the re-warm's readings and tells the scorer (<see cref="SensorScorer.SwitchModel"/>).
    /// <paramref name="arrival"/> is when the batch arrived, on the dropout clock.
    /// </summary>
    public PipelineResult Score(PipelineInputs inputs, float[] forecasts, int warmSteps, int modelVersion, bool modelSwitched, DateTimeOffset arrival)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(forecasts);
        if (inputs.Learnt.From != _state.NormalizerCount)
        {
            throw new InvalidOperationException("These inputs were normalised before another batch was scored: normalise the batch again.");
        }

        _state.NormalizerCount = inputs.Learnt.Count;
        _state.NormalizerMeans = inputs.Learnt.Means;
        _state.NormalizerVariances = inputs.Learnt.Variances;
        var state = _state;
        var steps = inputs.Steps;
        var channels = inputs.Channels;
        var horizon = forecasts.Length / (warmSteps + steps);
        if (modelSwitched)
        {
            _scorer.SwitchModel(CompareModels(inputs, forecasts, warmSteps, horizon));
        }

        var batchForecasts = forecasts.AsSpan(warmSteps * horizon);
        var alerts = new List<PipelineAlert>();
        var scores = new List<PipelineScore>(steps);
        var dirtyBefore = state.LastAlertReading;
        var dirty = new List<long>();
        if (_relations is null && channels > 1 && _settings.ChannelSurpriseScale is not null)
        {
            _relations = new ChannelRelations(channels, _settings.Scorer.Seasonal.Buckets);
        }

        var judgements = _relations is null ? null : new ChannelJudgement[channels];
        for (var step = 0; step < steps; step++)
        {
            var reading = inputs.Readings[step];
            ReadOnlySpan<float> previousForecast = step > 0 ? batchForecasts.Slice((step - 1) * horizon, horizon)
                : warmSteps > 0 ? forecasts.AsSpan((warmSteps - 1) * horizon, horizon)
                : state.LastForecast;
            var forecastVersion = step > 0 || warmSteps > 0 ? modelVersion : state.LastForecastVersion;
            TrackForecastError(previousForecast, inputs.Values[step * channels]);
            var raised = alerts.Count;
            if (judgements is not null)
            {
                _relations!.Judge(
                    inputs.Values.AsSpan(step * channels, channels),
                    reading.Timestamp,
                    judgements,
                    _settings.Scorer.Seasonal,
                    _settings.Scorer.Likelihood,
                    _settings.ChannelSurpriseScale!.Value,
                    _settings.LearningReadings);
            }

            var expected = ScoreReading(inputs, step, previousForecast, forecastVersion, judgements, alerts);
            scores.Add(new PipelineScore(reading.Timestamp, reading.Values[0], expected, state.LastScore, forecastVersion, reading.Partition, reading.Offset));
            state.ReadingsApplied++;
            if (alerts.Count > raised || state.AnomalyActive || state.StuckActive || state.DropoutActive || _scorer.FailureModeActive)
            {
                state.LastAlertReading = state.ReadingsApplied;
                dirty.Add(state.ReadingsApplied);
            }

            state.LastPartition = reading.Partition;
            state.LastOffset = reading.Offset;
        }

        var windows = CleanTrainingWindows(inputs.Values, channels, dirtyBefore, dirty);
        state.RecentInputs = AppendSteps(state.RecentInputs, inputs.Values, channels, RecentStepsKept());
        state.LastForecast = batchForecasts.Slice((steps - 1) * horizon, horizon).ToArray();
        state.LastForecastVersion = modelVersion;
        RecordArrival(arrival, steps);
        return new PipelineResult(scores, alerts, windows);
    }

    /// <summary>
    /// Learns the sensor's cadence from its first <see cref="CadenceScaling.GapsLearnt"/> gaps between timestamps (before
    /// <paramref name="timestamp"/>'s reading is judged), then scales the reading-count settings to it once, for good. The
    /// scorer keeps everything it learnt; only the counts it is judged by change.
    /// </summary>
    private void LearnCadence(DateTimeOffset timestamp)
    {
        var state = _state;
        if (state.CadenceScale > 0 || _givenSettings.ReferenceCadence is not { } reference || state.LastTimestamp is not { } last)
        {
            return;
        }

        state.CadenceGaps = [.. state.CadenceGaps, (timestamp - last).TotalSeconds];
        if (state.CadenceGaps.Length < CadenceScaling.GapsLearnt)
        {
            return;
        }

        state.CadenceScale = CadenceScaling.Scale(reference, CadenceScaling.Median(state.CadenceGaps));
        state.CadenceGaps = [];
        if (state.CadenceScale < 1)
        {
            _settings = CadenceScaling.Apply(_givenSettings, state.CadenceScale);
            _scorer = SensorScorer.Load(_scorer.Save(), _settings.Scorer);
        }
    }

    /// <summary>
    /// Judges dropout at <paramref name="now"/> (the arrival clock): silence of at least
    /// <see cref="SensorPipelineSettings.DropoutIntervals"/> usual gaps, and at least
    /// <see cref="SensorPipelineSettings.MinimumDropoutSilence"/>, raises one dropout alert until readings arrive again.
    /// </summary>
    /// <returns>The alert, or null.</returns>
    public PipelineAlert? CheckDropout(DateTimeOffset now)
    {
        var state = _state;
        if (state.DropoutActive || state.LastArrival is not { } lastArrival || state.MeanArrivalGapSeconds <= 0)
        {
            return null;
        }

        var silence = now - lastArrival;
        var limit = TimeSpan.FromSeconds(Math.Max(state.MeanArrivalGapSeconds * _settings.DropoutIntervals, _settings.MinimumDropoutSilence.TotalSeconds));
        if (silence < limit)
        {
            return null;
        }

        state.DropoutActive = true;
        var expected = state.LastForecast.Length == 0 ? state.LastValue ?? 0 : OnlineNormalizer.Denormalize(ChannelMoments(0), state.LastForecast[0]);
        var evidence = new AlertEvidence(AlertEvidence.SilenceMeasure, silence.TotalSeconds, null, limit.TotalSeconds)
        {
            UsualGapSeconds = state.MeanArrivalGapSeconds,
        };
        return new PipelineAlert(
            PipelineAlertKind.Dropout,
            AlertTransition.Start,
            state.LastTimestamp ?? lastArrival,
            state.LastValue ?? double.NaN,
            expected,
            Fired,
            state.LastForecastVersion,
            state.LastPartition,
            state.LastOffset,
            evidence);
    }

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (var value in values)
        {
            if (!double.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }

    private RunningMoments ChannelMoments(int channel) =>
        _state.NormalizerMeans.Length == 0
            ? default
            : new RunningMoments(_state.NormalizerCount, _state.NormalizerMeans[channel], _state.NormalizerVariances[channel]);

    /// <summary>
    /// Scores a reading against the forecast made before it and raises the alerts it starts, updates or ends. The
    /// forecast is denormalised by the moments the sensor had just before the reading (the same whether readings come
    /// one by one or in a batch), so the error is in the sensor's own units, neither clipped nor shrunk when the
    /// normaliser follows a drifting value.
    /// </summary>
    /// <returns>The value the forecast expected (the reading itself when there was no forecast yet).</returns>
    private double ScoreReading(PipelineInputs inputs, int index, ReadOnlySpan<float> previousForecast, int modelVersion, ChannelJudgement[]? judgements, List<PipelineAlert> alerts)
    {
        var state = _state;
        var reading = inputs.Readings[index];
        var moments = inputs.Scales[index * inputs.Channels];
        var value = reading.Values[0];
        double? forecast = previousForecast.Length == 0 ? null : OnlineNormalizer.Denormalize(moments, previousForecast[0]);
        if (forecast is { } made && !double.IsFinite(made))
        {
            // A model that forecast a non-finite value gave no forecast: the reading is judged without it.
            forecast = null;
        }

        var expected = forecast ?? value;

        LearnCadence(reading.Timestamp);

        // A value far outside the sensor's range is scored as the nearest value within it and flagged out of range.
        var judged = OnlineNormalizer.Bound(moments, value, out var far);
        var channelSurprise = 0.0;
        foreach (var judgement in judgements ?? [])
        {
            channelSurprise = Math.Max(channelSurprise, judgement.Surprise);
        }

        var step = _scorer.Step(judged, reading.Timestamp, forecast, far, channelSurprise);
        state.AnomalyActive = _scorer.AnomalyActive;
        var anomalyEvidence = step.AnomalyEvidence is { } ownEvidence && judgements is not null
            ? WithChannelSurprises(ownEvidence, step, judgements, inputs, index)
            : step.AnomalyEvidence;
        Raise(step.Anomaly, PipelineAlertKind.Anomaly, step.Anomaly == AlertTransition.Start ? step.Score : step.Surprise, anomalyEvidence);
        Raise(step.Spike, PipelineAlertKind.Spike, step.Spike == AlertTransition.Start ? Fired : Stopped, step.SpikeEvidence);
        Raise(step.RateOfChange, PipelineAlertKind.RateOfChange, step.RateOfChange == AlertTransition.Start ? Fired : Stopped, step.RateOfChangeEvidence);
        Raise(
            step.OutOfRange,
            PipelineAlertKind.OutOfRange,
            step.OutOfRange == AlertTransition.Start ? Fired : Stopped,
            step.OutOfRange == AlertTransition.Start ? RangeDetector.Evidence(value, judged, _settings.Scorer.Range) : null);

        var previousRun = state.StuckRunLength;
        state.StuckRunLength = StuckValueDetector.NextRunLength(state.StuckRunLength, state.LastValue, value);
        if (state.StuckRunLength == 0 && (!state.StuckActive || state.ReadingsApplied < _settings.LearningReadings))
        {
            // Some sensors repeat values in normal operation (a square wave, low counts): learn how long, so only a run
            // of at least twice the usual counts as stuck. Runs that raised an alert are learnt only in the learning period.
            state.LongestNormalRun = Math.Max(state.LongestNormalRun, previousRun);
        }

        var stuckAfter = Math.Max(_settings.StuckReadings, NormalRunFactor * state.LongestNormalRun);
        if (!state.StuckActive && StuckValueDetector.IsStuck(state.StuckRunLength, stuckAfter, moments))
        {
            state.StuckActive = true;

            // In readings: a run of n repeats is n + 1 equal readings.
            Raise(AlertTransition.Start, PipelineAlertKind.Stuck, Fired, new AlertEvidence(AlertEvidence.RunMeasure, state.StuckRunLength + 1, null, stuckAfter + 1)
            {
                UsualRun = state.LongestNormalRun + 1,
            });
        }
        else if (state.StuckActive && state.StuckRunLength == 0)
        {
            state.StuckActive = false;
            Raise(AlertTransition.End, PipelineAlertKind.Stuck, Stopped, null);
        }

        state.LastScore = step.Score;
        state.LastValue = value;
        state.LastTimestamp = reading.Timestamp;
        state.RecentValueCount = Math.Min(state.RecentValueCount + 1, _settings.WindowSize);
        return expected;

        void Raise(AlertTransition transition, PipelineAlertKind kind, double score, AlertEvidence? evidence)
        {
            if (transition != AlertTransition.None)
            {
                evidence = evidence is not null && inputs.Channels > 1 ? WithChannelErrors(evidence, inputs, index) : evidence;
                alerts.Add(new PipelineAlert(kind, transition, reading.Timestamp, value, expected, score, modelVersion, reading.Partition, reading.Offset, evidence));
            }
        }
    }

    /// <summary>Channel 0's own surprise: the largest of its model's, its seasonal profile's and its range's.</summary>
    private static double OwnSurprise(SensorScoreStep step) => Math.Max(Math.Max(step.ForecastSurprise, step.SeasonalSurprise), step.NoveltySurprise);

    /// <summary>
    /// A multichannel anomaly's evidence with every channel's surprise and the channels at or above the threshold. When a
    /// channel's relation decided (its surprise above channel 0's model and seasonal ones), the evidence is that channel's:
    /// its reading against the band its relation predicts, the relation likelihood's z, and its residual against the usual
    /// one, all in that channel's unit (the normalised residuals times its standard deviation before the reading).
    /// </summary>
    private AlertEvidence WithChannelSurprises(AlertEvidence evidence, SensorScoreStep step, ChannelJudgement[] judgements, PipelineInputs inputs, int index)
    {
        var channels = judgements.Length;
        var surprises = new double[channels];
        var named = new List<int>();
        for (var channel = 0; channel < channels; channel++)
        {
            surprises[channel] = channel == 0 ? Math.Max(OwnSurprise(step), judgements[0].Surprise) : judgements[channel].Surprise;
            if (surprises[channel] >= _settings.Scorer.Threshold)
            {
                named.Add(channel);
            }
        }

        var ownSurprise = OwnSurprise(step);
        var deciding = 0;
        for (var channel = 0; channel < channels; channel++)
        {
            if (judgements[channel].Surprise > ownSurprise && judgements[channel].Surprise > judgements[deciding].Surprise)
            {
                deciding = channel;
            }
        }

        if (judgements[deciding].Surprise <= ownSurprise)
        {
            // Channel 0's own surprise is then the largest: the evidence stays its model's, seasonal profile's or range's.
            return evidence with { ChannelSurprises = surprises, Channels = [.. named] };
        }

        var judgement = judgements[deciding];
        var moments = inputs.Scales[(index * channels) + deciding];
        var scale = OnlineNormalizer.Denormalize(moments, 1) - OnlineNormalizer.Denormalize(moments, 0);
        var predicted = OnlineNormalizer.Denormalize(moments, judgement.Predicted);
        var result = judgement.Likelihood;
        var thresholdScore = _settings.Scorer.AtThreshold(_settings.ChannelSurpriseScale!.Value);
        var reach = (result.UsualAverage + (thresholdScore * result.Deviation)) * scale;
        return new AlertEvidence(AlertEvidence.ValueMeasure, inputs.Readings[index].Values[deciding], predicted - reach, predicted + reach, deciding)
        {
            Basis = AlertEvidence.RelationBasis,
            Likelihood = result.Likelihood,
            StandardScore = result.StandardScore,
            ForecastError = judgement.Residual * scale,
            RecentError = result.Average * scale,
            UsualError = result.UsualAverage * scale,
            ErrorSpread = result.Deviation * scale,
            ChannelSurprises = surprises,
            Channels = [.. named],
        };
    }

    /// <summary>
    /// A multichannel sensor's evidence with each channel's change of its normalised input from the previous reading's (in
    /// that channel's standard deviations; 0 for a sensor's first reading), and the channel with the largest: which
    /// channel moved most when the alert was raised (which channels were judged anomalous is <see cref="AlertEvidence.Channels"/>).
    /// </summary>
    private AlertEvidence WithChannelErrors(AlertEvidence evidence, PipelineInputs inputs, int index)
    {
        var channels = inputs.Channels;
        var current = inputs.Values.AsSpan(index * channels, channels);
        var previous = index > 0 ? inputs.Values.AsSpan((index - 1) * channels, channels)
            : _state.RecentInputs.Length >= channels ? _state.RecentInputs.AsSpan(_state.RecentInputs.Length - channels)
            : [];
        var errors = new double[channels];
        var largest = 0;
        for (var channel = 0; channel < channels; channel++)
        {
            errors[channel] = previous.IsEmpty ? 0 : (double)current[channel] - previous[channel];
            if (Math.Abs(errors[channel]) > Math.Abs(errors[largest]))
            {
                largest = channel;
            }
        }

        return evidence with { ChannelErrors = errors, LargestChannel = largest };
    }

    /// <summary>
    /// The new model's errors over the old one's on the re-warm's recent readings (<see cref="ModelErrorComparison"/>),
    /// once the new model has run an averaging window of them; null when there were too few.
    /// </summary>
    private ModelComparison? CompareModels(PipelineInputs inputs, float[] forecasts, int warmSteps, int horizon)
    {
        var channels = inputs.Channels;
        var warmInputs = _state.RecentInputs.AsSpan(_state.RecentInputs.Length - (warmSteps * channels), warmSteps * channels);
        var moments = inputs.Scales[0];
        var scale = OnlineNormalizer.Denormalize(moments, 1) - OnlineNormalizer.Denormalize(moments, 0);
        var window = _settings.Scorer.Likelihood.ShortWindow;
        return ModelErrorComparison.Compare(warmInputs, channels, forecasts, horizon, scale, _scorer.RecentForecastErrors, window, Math.Max(1, window / 2));
    }

    /// <summary>Squared one-step error in normalised units, against the forecast made before the reading.</summary>
    private void TrackForecastError(ReadOnlySpan<float> previousForecast, float normalizedValue)
    {
        if (previousForecast.Length == 0)
        {
            return;
        }

        var error = (double)normalizedValue - previousForecast[0];
        if (!double.IsFinite(error))
        {
            return;
        }

        var squared = error * error;
        _state.ForecastErrorEwma = _state.ForecastErrorEwma == 0 ? squared : ((1 - ErrorEwmaWeight) * _state.ForecastErrorEwma) + (ErrorEwmaWeight * squared);
    }

    private void RecordArrival(DateTimeOffset arrival, int readings)
    {
        if (_state.LastArrival is { } previous)
        {
            var gap = Math.Max((arrival - previous).TotalSeconds, 0) / readings;
            _state.MeanArrivalGapSeconds = _state.MeanArrivalGapSeconds <= 0 ? gap : (1 - ArrivalGapWeight) * _state.MeanArrivalGapSeconds + ArrivalGapWeight * gap;
        }

        _state.LastArrival = arrival;
        _state.DropoutActive = false;
    }

    private int RecentStepsKept() =>
        _settings.TrainingWindows is { } windows ? Math.Max(_settings.WindowSize, windows.Steps + windows.GuardReadings) : _settings.WindowSize;

    /// <summary>
    /// <paramref name="recent"/> with <paramref name="inputs"/> appended, the oldest steps dropped to keep
    /// <paramref name="stepsKept"/>. Once the window is full it moves on in place (nothing else holds it), so a sensor's
    /// call allocates no new one.
    /// </summary>
    private static float[] AppendSteps(float[] recent, float[] inputs, int channels, int stepsKept)
    {
        var keep = Math.Min(recent.Length + inputs.Length, stepsKept * channels);
        var next = keep == recent.Length ? recent : new float[keep];
        var fromInputs = Math.Min(inputs.Length, keep);
        var fromRecent = keep - fromInputs;
        recent.AsSpan(recent.Length - fromRecent).CopyTo(next);
        inputs.AsSpan(inputs.Length - fromInputs).CopyTo(next.AsSpan(fromRecent));
        return next;
    }

    /// <summary>
    /// The training windows this batch completed: windows lie on a fixed grid of the sensor's readings
    /// (<see cref="TrainingWindowSettings.Steps"/> long, ending at multiples of it), so the same windows are cut whether
    /// readings come one by one or thousands at a time. A window is cut once the
    /// <see cref="TrainingWindowSettings.GuardReadings"/> readings after it are scored, and only when no reading within the
    /// guard on either side of it raised an alert or fell inside an event, so the model never learns failures as normal.
    /// </summary>
    /// <param name="inputs">This batch's normalised inputs (its readings end at <see cref="SensorPipelineState.ReadingsApplied"/>).</param>
    /// <param name="dirtyBefore">The last reading before this batch that raised an alert or fell inside an event (-1: none).</param>
    /// <param name="dirty">The readings of this batch that did, in order.</param>
    private List<PipelineTrainingWindow> CleanTrainingWindows(float[] inputs, int channels, long dirtyBefore, List<long> dirty)
    {
        var windows = new List<PipelineTrainingWindow>();
        if (_settings.TrainingWindows is not { } grid)
        {
            return windows;
        }

        var state = _state;
        var windowSteps = grid.Steps;
        var guard = grid.GuardReadings;
        var recentSteps = state.RecentInputs.Length / channels;
        var batchSteps = inputs.Length / channels;
        var firstHeld = state.ReadingsApplied - batchSteps - recentSteps; // readings before the first one held
        for (var end = ((state.LastContributionReading / windowSteps) + 1) * windowSteps; end <= state.ReadingsApplied - guard; end += windowSteps)
        {
            var start = end - windowSteps;
            state.LastContributionReading = end;
            if (start < firstHeld || (dirtyBefore > 0 && dirtyBefore > start - guard) || dirty.Exists(reading => reading > start - guard && reading <= end + guard))
            {
                continue;
            }

            var window = new float[windowSteps * channels];
            for (var step = 0; step < windowSteps; step++)
            {
                // Reading number r (1-based) is held at index r - 1 - firstHeld of recent inputs followed by this batch.
                var held = start + step - firstHeld;
                var source = held < recentSteps
                    ? state.RecentInputs.AsSpan((int)held * channels, channels)
                    : inputs.AsSpan((int)(held - recentSteps) * channels, channels);
                source.CopyTo(window.AsSpan(step * channels, channels));
            }

            windows.Add(new PipelineTrainingWindow(window, windowSteps, channels, end));
        }

        return windows;
    }
}
