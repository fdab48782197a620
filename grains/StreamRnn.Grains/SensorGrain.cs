using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using StreamRnn.Contracts;
using StreamRnn.Grains.Training;
using StreamRnn.Inference;
using StreamRnn.Inference.Scoring;

namespace StreamRnn.Grains;

/// <summary>
/// One sensor. Applies its readings in order through the inference pool, keeps its hidden state,
/// normaliser, applied offsets, recent window and anomaly state, and raises alerts. Turns are thin:
/// normalisation and scoring are a few arithmetic operations; tensor work happens in the batcher.
/// </summary>
public sealed partial class SensorGrain : Grain, ISensorGrain
{
    private readonly IPersistentState<SensorState> _state;
    private readonly IAlertSink _alertSink;
    private readonly IScoreSink _scoreSink;
    private readonly SensorTelemetry _telemetry;
    private readonly SensorOptions _options;
    private readonly FineTuningOptions _fineTuning;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SensorGrain> _logger;
    private IAsyncStream<SensorAlert>? _alertStream;
    private IGrainTimer? _dropoutTimer;

    public SensorGrain(
        [PersistentState("sensor", StorageNames.Sensors)] IPersistentState<SensorState> state,
        IAlertSink alertSink,
        IScoreSink scoreSink,
        SensorTelemetry telemetry,
        IOptions<SensorOptions> options,
        IOptions<FineTuningOptions> fineTuning,
        TimeProvider timeProvider,
        ILogger<SensorGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _state = state;
        _alertSink = alertSink;
        _scoreSink = scoreSink;
        _telemetry = telemetry;
        ArgumentNullException.ThrowIfNull(fineTuning);
        _options = options.Value;
        _fineTuning = fineTuning.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    private string SensorId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _alertStream = this.GetStreamProvider(StreamNames.Provider)
            .GetStream<SensorAlert>(StreamId.Create(StreamNames.AlertsNamespace, StreamNames.AllAlertsKey));
        return Task.CompletedTask;
    }

    public async ValueTask<ApplyResult> ApplyAsync(SensorReadingBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var state = _state.State;
        var fresh = SelectFresh(batch.Readings, state.AppliedOffsets);
        var duplicates = batch.Readings.Length - fresh.Count;
        if (duplicates > 0)
        {
            _telemetry.DuplicatesSkipped(duplicates);
        }

        if (fresh.Count == 0)
        {
            return new ApplyResult(0, duplicates, 0);
        }

        var channels = fresh[0].Values.Length;
        EnsureNormalizer(state, channels);
        var inputs = new float[fresh.Count * channels];
        var scales = new RunningMoments[fresh.Count];
        for (var step = 0; step < fresh.Count; step++)
        {
            var values = fresh[step].Values;
            if (values.Length != channels)
            {
                throw new ArgumentException($"Sensor '{SensorId}' got {values.Length} channels at offset {fresh[step].Offset}; it has {channels}.", nameof(batch));
            }

            scales[step] = ChannelMoments(state, 0);
            NormalizeAndLearn(state, values, inputs.AsSpan(step * channels, channels));
        }

        var pool = GrainFactory.GetGrain<IInferenceGrain>(0);
        var reply = await pool.StepAsync(new StepCall(inputs, fresh.Count, state.HiddenState.Length == 0 ? null : state.HiddenState), cancellationToken);
        var warmSteps = 0;
        if (state.HiddenState.Length > 0 && reply.ModelVersion != state.ModelVersion)
        {
            // The pool switched weights: a hidden state made by other weights means nothing to these ones.
            // Re-warm from a zero state over the recent window, then run the new readings, in one call.
            warmSteps = Math.Min(Math.Min(state.RecentInputs.Length / channels, _options.WindowSize), state.RecentValues.Length);
            var rewarm = new float[(warmSteps + fresh.Count) * channels];
            state.RecentInputs.AsSpan(state.RecentInputs.Length - (warmSteps * channels)).CopyTo(rewarm);
            inputs.CopyTo(rewarm, warmSteps * channels);
            var from = state.ModelVersion;
            reply = await pool.StepAsync(new StepCall(rewarm, warmSteps + fresh.Count, null), cancellationToken);
            RecordSwitch(state, from, reply.ModelVersion);
        }

        var horizon = reply.Forecasts.Length / (warmSteps + fresh.Count);
        var forecasts = reply.Forecasts.AsSpan(warmSteps * horizon);
        if (warmSteps > 0)
        {
            RewarmScorer(state, reply.Forecasts, horizon, warmSteps, scales[0]);
        }

        var alerts = new List<SensorAlert>();
        var scores = _scoreSink.Enabled ? new List<SensorScore>(fresh.Count) : null;
        var arrival = _timeProvider.GetUtcNow();
        for (var step = 0; step < fresh.Count; step++)
        {
            var reading = fresh[step];
            var previousForecast = step > 0 ? forecasts.Slice((step - 1) * horizon, horizon).ToArray()
                : warmSteps > 0 ? reply.Forecasts.AsSpan((warmSteps - 1) * horizon, horizon).ToArray()
                : state.LastForecast;
            var forecastVersion = step > 0 || warmSteps > 0 ? reply.ModelVersion : state.LastForecastVersion;
            TrackForecastError(state, previousForecast, inputs[step * channels]);
            var raised = alerts.Count;
            var expected = ScoreReading(state, reading, scales[step], previousForecast, forecastVersion, alerts);
            scores?.Add(new SensorScore(SensorId, reading.Timestamp, reading.Values[0], expected, state.LastScore, forecastVersion, reading.Partition, reading.Offset));
            state.ReadingsApplied++;
            if (alerts.Count > raised)
            {
                state.LastAlertReading = state.ReadingsApplied;
            }

            state.AppliedOffsets[reading.Partition] = reading.Offset;
            state.LastPartition = reading.Partition;
            state.LastOffset = reading.Offset;
        }

        state.RecentInputs = AppendSteps(state.RecentInputs, inputs, channels, RecentStepsKept());
        state.HiddenState = reply.State;
        state.LastForecast = forecasts.Slice((fresh.Count - 1) * horizon, horizon).ToArray();
        state.LastForecastVersion = reply.ModelVersion;
        state.ModelVersion = reply.ModelVersion;
        RecordArrival(state, arrival, fresh.Count);

        // Alerts go out before the state that includes them is written: after a crash in between, the
        // readings are redelivered and the same alert ids are published again, which consumers drop.
        // Written the other way round, a crash would lose the alerts for good.
        foreach (var alert in alerts)
        {
            await PublishAsync(alert, cancellationToken);
        }

        if (scores is not null)
        {
            await _scoreSink.PublishAsync(scores, cancellationToken);
        }

        await _state.WriteStateAsync(cancellationToken);
        _telemetry.ReadingsApplied(fresh.Count);
        EnsureDropoutTimer();
        await ContributeTrainingWindowAsync(state, channels);
        return new ApplyResult(fresh.Count, duplicates, alerts.Count);
    }

    public ValueTask<SensorSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default)
    {
        var state = _state.State;
        var moments = ChannelMoments(state, 0);
        var forecast = state.LastForecast.Select(value => OnlineNormalizer.Denormalize(moments, value)).ToImmutableArray();
        return ValueTask.FromResult(new SensorSnapshot(
            SensorId,
            state.ReadingsApplied,
            state.LastTimestamp,
            state.LastValue,
            forecast,
            state.LastScore,
            state.ModelVersion,
            state.AlertsRaised,
            state.AppliedOffsets.ToImmutableDictionary(),
            [.. state.HiddenState])
        {
            ModelSwitches = [.. state.ModelSwitches],
            ForecastErrorEwma = state.ForecastErrorEwma,
        });
    }

    private static List<SensorReading> SelectFresh(ImmutableArray<SensorReading> readings, Dictionary<int, long> appliedOffsets)
    {
        var fresh = new List<SensorReading>(readings.Length);
        Dictionary<int, long>? seen = null;
        foreach (var reading in readings)
        {
            var last = appliedOffsets.GetValueOrDefault(reading.Partition, -1);
            if (seen is not null && seen.TryGetValue(reading.Partition, out var inBatch))
            {
                last = Math.Max(last, inBatch);
            }

            if (reading.Offset <= last)
            {
                continue;
            }

            fresh.Add(reading);
            seen ??= [];
            seen[reading.Partition] = reading.Offset;
        }

        return fresh;
    }

    private static void EnsureNormalizer(SensorState state, int channels)
    {
        if (state.NormalizerMeans.Length == channels)
        {
            return;
        }

        if (state.NormalizerMeans.Length != 0)
        {
            throw new InvalidOperationException($"A sensor's channel count cannot change (was {state.NormalizerMeans.Length}, now {channels}).");
        }

        state.NormalizerMeans = new double[channels];
        state.NormalizerVariances = new double[channels];
    }

    private static RunningMoments ChannelMoments(SensorState state, int channel) =>
        state.NormalizerMeans.Length == 0
            ? default
            : new RunningMoments(state.NormalizerCount, state.NormalizerMeans[channel], state.NormalizerVariances[channel]);

    /// <summary>Normalises a reading with the moments learnt before it, then learns from it.</summary>
    private static void NormalizeAndLearn(SensorState state, ImmutableArray<double> values, Span<float> normalized)
    {
        long count = 0;
        for (var channel = 0; channel < values.Length; channel++)
        {
            var moments = ChannelMoments(state, channel);
            normalized[channel] = OnlineNormalizer.Normalize(moments, values[channel]);
            var next = OnlineNormalizer.Update(moments, values[channel]);
            state.NormalizerMeans[channel] = next.Mean;
            state.NormalizerVariances[channel] = next.Variance;
            count = next.Count;
        }

        state.NormalizerCount = count;
    }

    /// <summary>
    /// Scores a reading against the forecast made before it. The error is measured in the sensor's own
    /// units, with the forecast denormalised by the moments the sensor had just before the reading (the
    /// same whether readings come one by one or in a batch), so it is neither clipped nor shrunk when
    /// the normaliser follows a drifting value.
    /// </summary>
    /// <returns>The value the forecast expected (the reading itself when there was no forecast yet).</returns>
    private double ScoreReading(SensorState state, SensorReading reading, RunningMoments moments, float[] previousForecast, int modelVersion, List<SensorAlert> alerts)
    {
        var value = reading.Values[0];
        var expected = previousForecast.Length == 0 ? value : OnlineNormalizer.Denormalize(moments, previousForecast[0]);

        var score = 0.0;
        if (previousForecast.Length > 0)
        {
            var error = Math.Abs(value - expected);
            var scorerState = new ForecastErrorState(new RunningMoments(state.ErrorCount, state.ErrorMean, state.ErrorVariance), state.RecentErrors);
            (score, var next) = ForecastErrorScorer.Score(scorerState, error);
            state.ErrorCount = next.ErrorMoments.Count;
            state.ErrorMean = next.ErrorMoments.Mean;
            state.ErrorVariance = next.ErrorMoments.Variance;
            state.RecentErrors = next.Recent;
        }

        var inProbation = state.ProbationRemaining > 0;
        if (inProbation)
        {
            state.ProbationRemaining--;
        }

        if (!state.AnomalyActive && !inProbation && score >= _options.AnomalyThreshold)
        {
            state.AnomalyActive = true;
            alerts.Add(CreateAlert(reading, value, expected, score, AlertKind.Anomaly, modelVersion));
        }
        else if (state.AnomalyActive && score < _options.AnomalyClearThreshold)
        {
            state.AnomalyActive = false;
        }

        state.StuckRunLength = StuckValueDetector.NextRunLength(state.StuckRunLength, state.LastValue, value);
        if (!state.StuckActive && StuckValueDetector.IsStuck(state.StuckRunLength, _options.StuckReadings, moments))
        {
            state.StuckActive = true;
            alerts.Add(CreateAlert(reading, value, expected, 1.0, AlertKind.Stuck, modelVersion));
        }
        else if (state.StuckActive && state.StuckRunLength == 0)
        {
            state.StuckActive = false;
        }

        state.LastScore = score;
        state.LastValue = value;
        state.LastTimestamp = reading.Timestamp;
        state.RecentValues = AppendToWindow(state.RecentValues, value, _options.WindowSize);
        return expected;
    }

    private SensorAlert CreateAlert(SensorReading reading, double value, double expected, double score, AlertKind kind, int modelVersion) =>
        new(AlertIds.Create(SensorId, reading.Partition, reading.Offset, kind), SensorId, reading.Timestamp, value, expected, score, kind, modelVersion, reading.Partition, reading.Offset);

    private static double[] AppendToWindow(double[] window, double value, int size)
    {
        var keep = Math.Min(window.Length, size - 1);
        var next = new double[keep + 1];
        Array.Copy(window, window.Length - keep, next, 0, keep);
        next[keep] = value;
        return next;
    }

    private static void RecordArrival(SensorState state, DateTimeOffset arrival, int readings)
    {
        if (state.LastArrival is { } previous)
        {
            var gap = Math.Max((arrival - previous).TotalSeconds, 0) / readings;
            state.MeanArrivalGapSeconds = state.MeanArrivalGapSeconds <= 0 ? gap : 0.9 * state.MeanArrivalGapSeconds + 0.1 * gap;
        }

        state.LastArrival = arrival;
        state.DropoutActive = false;
    }

    private async ValueTask PublishAsync(SensorAlert alert, CancellationToken cancellationToken)
    {
        await _alertSink.PublishAsync(alert, cancellationToken);
        if (_alertStream is not null)
        {
            await _alertStream.OnNextAsync(alert);
        }

        _state.State.AlertsRaised++;
        _telemetry.AlertRaised(alert.Kind);
        LogAlert(alert.Kind, alert.SensorId, alert.SourcePartition, alert.SourceOffset, alert.Score);
    }

    private void EnsureDropoutTimer()
    {
        _dropoutTimer ??= this.RegisterGrainTimer(CheckDropoutAsync, _options.DropoutCheckPeriod, _options.DropoutCheckPeriod);
    }

    /// <summary>Runs on a grain timer, so it fires although no message arrives.</summary>
    private async Task CheckDropoutAsync(CancellationToken cancellationToken)
    {
        var state = _state.State;
        if (state.DropoutActive || state.LastArrival is not { } lastArrival || state.MeanArrivalGapSeconds <= 0)
        {
            return;
        }

        var silence = _timeProvider.GetUtcNow() - lastArrival;
        var limit = TimeSpan.FromSeconds(Math.Max(state.MeanArrivalGapSeconds * _options.DropoutIntervals, _options.MinimumDropoutSilence.TotalSeconds));
        if (silence < limit)
        {
            return;
        }

        state.DropoutActive = true;
        var expected = state.LastForecast.Length == 0 ? state.LastValue ?? 0 : OnlineNormalizer.Denormalize(ChannelMoments(state, 0), state.LastForecast[0]);
        var alert = new SensorAlert(
            AlertIds.Create(SensorId, state.LastPartition, state.LastOffset, AlertKind.Dropout),
            SensorId,
            state.LastTimestamp ?? lastArrival,
            state.LastValue ?? double.NaN,
            expected,
            1.0,
            AlertKind.Dropout,
            state.ModelVersion,
            state.LastPartition,
            state.LastOffset);
        await PublishAsync(alert, cancellationToken);
        await _state.WriteStateAsync(cancellationToken);
    }

    private const int SwitchesKept = 16;
    private const double ErrorEwmaWeight = 0.01;

    private int RecentStepsKept() => Math.Max(_options.WindowSize, _fineTuning.WindowSteps + _fineTuning.GuardReadings);

    /// <summary>
    /// After a switch the error distribution belongs to the new weights: it is re-learnt from the new model's
    /// forecasts over the re-warm window (each against the reading that followed, in the sensor's units), so the
    /// sensor judges the new model by its own errors rather than the old one's, and a better or worse model does
    /// not by itself look anomalous. Anomaly alerts then wait out a short probation while the state settles.
    /// </summary>
    private void RewarmScorer(SensorState state, float[] forecasts, int horizon, int warmSteps, RunningMoments moments)
    {
        var values = state.RecentValues.AsSpan(state.RecentValues.Length - warmSteps);
        var scorer = new ForecastErrorState(default, []);
        for (var step = 0; step < warmSteps - 1; step++)
        {
            var expected = OnlineNormalizer.Denormalize(moments, forecasts[step * horizon]);
            (_, scorer) = ForecastErrorScorer.Score(scorer, Math.Abs(values[step + 1] - expected));
        }

        state.ErrorCount = scorer.ErrorMoments.Count;
        state.ErrorMean = scorer.ErrorMoments.Mean;
        state.ErrorVariance = scorer.ErrorMoments.Variance;
        state.RecentErrors = scorer.Recent;
        state.AnomalyActive = false;
        state.ProbationRemaining = _options.SwitchProbationReadings;
    }

    private void RecordSwitch(SensorState state, int from, int to)
    {
        state.ModelSwitches.Add(new ModelSwitch(from, to, state.ReadingsApplied, _timeProvider.GetUtcNow()));
        if (state.ModelSwitches.Count > SwitchesKept)
        {
            state.ModelSwitches.RemoveAt(0);
        }

        _telemetry.ModelSwitched();
        LogSwitched(SensorId, from, to);
    }

    /// <summary>Squared one-step error in normalised units, against the forecast made before the reading.</summary>
    private static void TrackForecastError(SensorState state, float[] previousForecast, float normalizedValue)
    {
        if (previousForecast.Length == 0)
        {
            return;
        }

        var error = (double)normalizedValue - previousForecast[0];
        var squared = error * error;
        state.ForecastErrorEwma = state.ForecastErrorEwma == 0 ? squared : ((1 - ErrorEwmaWeight) * state.ForecastErrorEwma) + (ErrorEwmaWeight * squared);
    }

    private static float[] AppendSteps(float[] recent, float[] inputs, int channels, int stepsKept)
    {
        var keep = Math.Min(recent.Length + inputs.Length, stepsKept * channels);
        var next = new float[keep];
        var fromInputs = Math.Min(inputs.Length, keep);
        var fromRecent = keep - fromInputs;
        recent.AsSpan(recent.Length - fromRecent).CopyTo(next);
        inputs.AsSpan(inputs.Length - fromInputs).CopyTo(next.AsSpan(fromRecent));
        return next;
    }

    /// <summary>
    /// Sends the window that ended <see cref="FineTuningOptions.GuardReadings"/> readings ago to the model group's
    /// training buffer when no alert was raised within the guard on either side of it and no event is active, so the
    /// model never learns failures as normal behaviour. Windows do not overlap. One-way: the sensor does not wait.
    /// </summary>
    private Task ContributeTrainingWindowAsync(SensorState state, int channels)
    {
        if (!_fineTuning.ContributeWindows)
        {
            return Task.CompletedTask;
        }

        var windowSteps = _fineTuning.WindowSteps;
        var guard = _fineTuning.GuardReadings;
        var held = state.RecentInputs.Length / channels;
        var end = state.ReadingsApplied - guard;
        var start = end - windowSteps;
        if (held < windowSteps + guard || start < state.LastContributionReading)
        {
            return Task.CompletedTask;
        }

        if (state.AnomalyActive || state.StuckActive || state.DropoutActive || (state.LastAlertReading >= 0 && state.LastAlertReading > start - guard))
        {
            return Task.CompletedTask;
        }

        var window = state.RecentInputs.AsSpan((held - guard - windowSteps) * channels, windowSteps * channels).ToArray();
        state.LastContributionReading = end;
        return GrainFactory.GetGrain<IFineTuningCoordinatorGrain>(_fineTuning.Group)
            .ContributeAsync(new TrainingWindow(SensorId, window, windowSteps, channels, end));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sensor {SensorId} switched from model v{From} to v{To}: hidden state re-warmed over its recent window, probation started")]
    private partial void LogSwitched(string sensorId, int from, int to);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Alert {Kind} on sensor {SensorId} at partition {Partition} offset {Offset}, score {Score:F5}")]
    private partial void LogAlert(AlertKind kind, string sensorId, int partition, long offset, double score);
}
