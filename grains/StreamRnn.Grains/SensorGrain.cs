using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using StreamRnn.Contracts;
using StreamRnn.Grains.Training;
using StreamRnn.Models;
using StreamRnn.Batching;
using StreamRnn.Telemetry;
using StreamRnn.Models.Checkpoints;
using StreamRnn.Scoring;

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
    private readonly SensorOptions _baseOptions;
    private SensorOptions _options;
    private SensorScorerSettings _scorerSettings;
    private SensorScorer? _scorer;
    private SensorSettingsOverrides _groupSettings = SensorSettingsOverrides.None;
    private DateTimeOffset _groupSettingsFetched = DateTimeOffset.MinValue;
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
        _baseOptions = options.Value;
        _options = _baseOptions;
        _scorerSettings = _options.ToScorerSettings();
        _fineTuning = fineTuning.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    private string SensorId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _alertStream = this.GetStreamProvider(StreamNames.Provider)
            .GetStream<SensorAlert>(StreamId.Create(StreamNames.AlertsNamespace, StreamNames.AllAlertsKey));
        await RefreshGroupSettingsAsync(force: true, cancellationToken);
    }

    public async ValueTask<SensorSettingsView> GetSettingsAsync(CancellationToken cancellationToken = default)
    {
        await RefreshGroupSettingsAsync(force: true, cancellationToken);
        return SettingsView();
    }

    public async ValueTask<SensorSettingsView> SetSettingsAsync(ImmutableSortedDictionary<string, string> values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        await RefreshGroupSettingsAsync(force: true, cancellationToken);
        var own = SensorSettings.Merge(_state.State.SettingsOverrides, values);

        // Throws, naming the setting, before anything is stored.
        var effective = SensorSettings.Apply(_baseOptions, _groupSettings.Values, own.Values);
        _state.State.SettingsOverrides = own;
        await _state.WriteStateAsync(cancellationToken);
        UseSettings(effective);
        var changes = string.Join(", ", values.Select(pair => $"{pair.Key}={pair.Value}"));
        LogSettingsChanged(SensorId, changes);
        return SettingsView();
    }

    public async ValueTask<SensorSettingsView> ResetSettingsAsync(CancellationToken cancellationToken = default)
    {
        await RefreshGroupSettingsAsync(force: true, cancellationToken);
        _state.State.SettingsOverrides = SensorSettings.Cleared(_state.State.SettingsOverrides);
        await _state.WriteStateAsync(cancellationToken);
        ApplySettings();
        LogSettingsChanged(SensorId, "(reset)");
        return SettingsView();
    }

    private SensorSettingsView SettingsView() => new(_state.State.SettingsOverrides, _groupSettings, SensorSettings.Describe(_options));

    /// <summary>Fetches the group's settings when <see cref="FineTuningOptions.SyncInterval"/> has passed since the last fetch (or when forced).</summary>
    private async ValueTask RefreshGroupSettingsAsync(bool force, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        if (!force && now - _groupSettingsFetched < _fineTuning.SyncInterval)
        {
            return;
        }

        _groupSettingsFetched = now;
        var group = await GrainFactory.GetGrain<ISensorGroupSettingsGrain>(_fineTuning.Group).GetAsync(cancellationToken);
        if (group.Version != _groupSettings.Version || force)
        {
            _groupSettings = group;
            ApplySettings();
        }
    }

    /// <summary>Recomputes the settings in force: the silo's, then the group's overrides, then this sensor's.</summary>
    private void ApplySettings()
    {
        try
        {
            UseSettings(SensorSettings.Apply(_baseOptions, _groupSettings.Values, _state.State.SettingsOverrides.Values));
        }
        catch (ArgumentException exception)
        {
            // A group change can clash with this sensor's own overrides (a group MaxValue below the sensor's MinValue):
            // keep scoring with the settings in force and say why.
            LogSettingsRejected(exception, SensorId);
        }
    }

    private void UseSettings(SensorOptions effective)
    {
        _options = effective;
        _scorerSettings = effective.ToScorerSettings();
        _scorer = null;
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

        await RefreshGroupSettingsAsync(force: false, cancellationToken);
        // Kept between calls like the rest of the in-memory state (loading it from bytes on every call cost ~10 % of
        // ingest throughput); rebuilt from the stored bytes after activation or a settings change.
        var scorer = _scorer ??= SensorScorer.Load(state.ScorerState, _scorerSettings);
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
            scorer.StartModelProbation();
        }

        var horizon = reply.Forecasts.Length / (warmSteps + fresh.Count);
        var forecasts = reply.Forecasts.AsSpan(warmSteps * horizon);

        var alerts = new List<SensorAlert>();
        var dirtyBefore = state.LastAlertReading;
        var dirty = new List<long>();
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
            var expected = ScoreReading(state, scorer, reading, scales[step], previousForecast, forecastVersion, alerts);
            scores?.Add(new SensorScore(SensorId, reading.Timestamp, reading.Values[0], expected, state.LastScore, forecastVersion, reading.Partition, reading.Offset));
            state.ReadingsApplied++;
            if (alerts.Count > raised || state.AnomalyActive || state.StuckActive || state.DropoutActive || scorer.FailureModeActive)
            {
                state.LastAlertReading = state.ReadingsApplied;
                dirty.Add(state.ReadingsApplied);
            }

            state.AppliedOffsets[reading.Partition] = reading.Offset;
            state.LastPartition = reading.Partition;
            state.LastOffset = reading.Offset;
        }

        state.ScorerState = scorer.Save();
        var contributions = CleanTrainingWindows(state, inputs, channels, dirtyBefore, dirty);
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
        foreach (var window in contributions)
        {
            await GrainFactory.GetGrain<IFineTuningCoordinatorGrain>(_fineTuning.Group).ContributeAsync(window);
        }

        return new ApplyResult(fresh.Count, duplicates, alerts.Count(alert => alert.Phase == AlertPhase.Start));
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
    /// Scores a reading against the forecast made before it and raises the alerts it starts, updates or ends. The
    /// forecast is denormalised by the moments the sensor had just before the reading (the same whether readings come
    /// one by one or in a batch), so the error is in the sensor's own units, neither clipped nor shrunk when the
    /// normaliser follows a drifting value.
    /// </summary>
    /// <returns>The value the forecast expected (the reading itself when there was no forecast yet).</returns>
    private double ScoreReading(SensorState state, SensorScorer scorer, SensorReading reading, RunningMoments moments, float[] previousForecast, int modelVersion, List<SensorAlert> alerts)
    {
        var value = reading.Values[0];
        double? forecast = previousForecast.Length == 0 ? null : OnlineNormalizer.Denormalize(moments, previousForecast[0]);
        var expected = forecast ?? value;
        var step = scorer.Step(value, reading.Timestamp, forecast);
        state.AnomalyActive = scorer.AnomalyActive;
        Raise(step.Anomaly, AlertKind.Anomaly, step.Anomaly == AlertTransition.Start ? step.Score : step.Surprise);
        Raise(step.Spike, AlertKind.Spike, step.Spike == AlertTransition.Start ? 1.0 : 0.0);
        Raise(step.RateOfChange, AlertKind.RateOfChange, step.RateOfChange == AlertTransition.Start ? 1.0 : 0.0);
        Raise(step.OutOfRange, AlertKind.OutOfRange, step.OutOfRange == AlertTransition.Start ? 1.0 : 0.0);

        var previousRun = state.StuckRunLength;
        state.StuckRunLength = StuckValueDetector.NextRunLength(state.StuckRunLength, state.LastValue, value);
        if (state.StuckRunLength == 0 && (!state.StuckActive || state.ReadingsApplied < _options.LearningReadings))
        {
            // Some sensors repeat values in normal operation (a square wave, low counts): learn how long, so only a run
            // of at least twice the usual counts as stuck. Runs that raised an alert are learnt only in the learning period.
            state.LongestNormalRun = Math.Max(state.LongestNormalRun, previousRun);
        }

        var stuckAfter = Math.Max(_options.StuckReadings, 2 * state.LongestNormalRun);
        if (!state.StuckActive && StuckValueDetector.IsStuck(state.StuckRunLength, stuckAfter, moments))
        {
            state.StuckActive = true;
            alerts.Add(CreateAlert(reading, value, expected, 1.0, AlertKind.Stuck, modelVersion));
        }
        else if (state.StuckActive && state.StuckRunLength == 0)
        {
            state.StuckActive = false;
            alerts.Add(CreateAlert(reading, value, expected, 0.0, AlertKind.Stuck, modelVersion, AlertPhase.End));
        }

        state.LastScore = step.Score;
        state.LastValue = value;
        state.LastTimestamp = reading.Timestamp;
        state.RecentValues = AppendToWindow(state.RecentValues, value, _options.WindowSize);
        return expected;

        void Raise(AlertTransition transition, AlertKind kind, double score)
        {
            if (transition != AlertTransition.None)
            {
                alerts.Add(CreateAlert(reading, value, expected, score, kind, modelVersion, Phase(transition)));
            }
        }
    }

    private static AlertPhase Phase(AlertTransition transition) => transition switch
    {
        AlertTransition.Start => AlertPhase.Start,
        AlertTransition.Update => AlertPhase.Update,
        _ => AlertPhase.End,
    };

    private SensorAlert CreateAlert(SensorReading reading, double value, double expected, double score, AlertKind kind, int modelVersion, AlertPhase phase = AlertPhase.Start) =>
        new(AlertIds.Create(SensorId, reading.Partition, reading.Offset, kind, phase), SensorId, reading.Timestamp, value, expected, score, kind, modelVersion, reading.Partition, reading.Offset, phase);

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

        if (alert.Phase == AlertPhase.Start)
        {
            _state.State.AlertsRaised++;
            _telemetry.AlertRaised(alert.Kind);
        }

        LogAlert(alert.Kind, alert.Phase, alert.SensorId, alert.SourcePartition, alert.SourceOffset, alert.Score);
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
    /// The training windows this batch completed: windows lie on a fixed grid of the sensor's readings
    /// (<see cref="FineTuningOptions.WindowSteps"/> long, ending at multiples of it), so the same windows are cut whether
    /// readings come one by one or thousands at a time. A window is sent once the
    /// <see cref="FineTuningOptions.GuardReadings"/> readings after it are scored, and only when no reading within the
    /// guard on either side of it raised an alert or fell inside an event, so the model never learns failures as normal.
    /// </summary>
    /// <param name="inputs">This batch's normalised inputs (its readings end at <see cref="SensorState.ReadingsApplied"/>).</param>
    /// <param name="dirtyBefore">The last reading before this batch that raised an alert or fell inside an event (-1: none).</param>
    /// <param name="dirty">The readings of this batch that did, in order.</param>
    private List<TrainingWindow> CleanTrainingWindows(SensorState state, float[] inputs, int channels, long dirtyBefore, List<long> dirty)
    {
        var windows = new List<TrainingWindow>();
        if (!_fineTuning.ContributeWindows)
        {
            return windows;
        }

        var windowSteps = _fineTuning.WindowSteps;
        var guard = _fineTuning.GuardReadings;
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

            windows.Add(new TrainingWindow(SensorId, window, windowSteps, channels, end));
        }

        return windows;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sensor {SensorId}: settings changed: {Changes}")]
    private partial void LogSettingsChanged(string sensorId, string changes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sensor {SensorId}: its group's new settings clash with its own overrides; the settings in force are kept")]
    private partial void LogSettingsRejected(Exception exception, string sensorId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sensor {SensorId} switched from model v{From} to v{To}: hidden state re-warmed over its recent window, probation started")]
    private partial void LogSwitched(string sensorId, int from, int to);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Alert {Kind} {Phase} on sensor {SensorId} at partition {Partition} offset {Offset}, score {Score:F5}")]
    private partial void LogAlert(AlertKind kind, AlertPhase phase, string sensorId, int partition, long offset, double score);
}
