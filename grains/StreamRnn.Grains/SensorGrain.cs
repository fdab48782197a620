using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using StreamRnn.Contracts;
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
    private readonly SensorTelemetry _telemetry;
    private readonly SensorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SensorGrain> _logger;
    private IAsyncStream<SensorAlert>? _alertStream;
    private IGrainTimer? _dropoutTimer;

    public SensorGrain(
        [PersistentState("sensor", StorageNames.Sensors)] IPersistentState<SensorState> state,
        IAlertSink alertSink,
        SensorTelemetry telemetry,
        IOptions<SensorOptions> options,
        TimeProvider timeProvider,
        ILogger<SensorGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _state = state;
        _alertSink = alertSink;
        _telemetry = telemetry;
        _options = options.Value;
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
        var horizon = reply.Forecasts.Length / fresh.Count;

        var alerts = new List<SensorAlert>();
        var arrival = _timeProvider.GetUtcNow();
        for (var step = 0; step < fresh.Count; step++)
        {
            var reading = fresh[step];
            var previousForecast = step == 0 ? state.LastForecast : reply.Forecasts.AsSpan((step - 1) * horizon, horizon).ToArray();
            ScoreReading(state, reading, scales[step], previousForecast, reply.ModelVersion, alerts);
            state.AppliedOffsets[reading.Partition] = reading.Offset;
            state.LastPartition = reading.Partition;
            state.LastOffset = reading.Offset;
        }

        state.HiddenState = reply.State;
        state.LastForecast = reply.Forecasts.AsSpan((fresh.Count - 1) * horizon, horizon).ToArray();
        state.ModelVersion = reply.ModelVersion;
        state.ReadingsApplied += fresh.Count;
        RecordArrival(state, arrival, fresh.Count);

        // Alerts go out before the state that includes them is written: after a crash in between, the
        // readings are redelivered and the same alert ids are published again, which consumers drop.
        // Written the other way round, a crash would lose the alerts for good.
        foreach (var alert in alerts)
        {
            await PublishAsync(alert, cancellationToken);
        }

        await _state.WriteStateAsync(cancellationToken);
        _telemetry.ReadingsApplied(fresh.Count);
        EnsureDropoutTimer();
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
            [.. state.HiddenState]));
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
    private void ScoreReading(SensorState state, SensorReading reading, RunningMoments moments, float[] previousForecast, int modelVersion, List<SensorAlert> alerts)
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

        if (!state.AnomalyActive && score >= _options.AnomalyThreshold)
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Alert {Kind} on sensor {SensorId} at partition {Partition} offset {Offset}, score {Score:F5}")]
    private partial void LogAlert(AlertKind kind, string sensorId, int partition, long offset, double score);
}
