using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using Orleans.Streams;
using StreamRnn.Contracts;
using StreamRnn.Grains.Training;
using StreamRnn.Scoring;

namespace StreamRnn.Grains;

/// <summary>
/// One sensor: skips redelivered offsets, runs its readings through the inference pool and its
/// <see cref="SensorPipeline"/> (normalisation, scoring, failure modes, dropout, training windows), publishes scores and
/// alerts, stores its state and keeps the dropout timer. Turns are thin: tensor work happens in the batcher.
/// </summary>
public sealed partial class SensorGrain : Grain, ISensorGrain
{
    /// <summary>The key of the sensors' clock (arrivals, dropout, settings sync): the silo's <see cref="TimeProvider"/> unless a test gives them their own.</summary>
    public const string ClockKey = "streamrnn.sensors";

    private readonly IPersistentState<SensorState> _state;
    private readonly IAlertSink _alertSink;
    private readonly IScoreSink _scoreSink;
    private readonly IDeadLetterSink _deadLetters;
    private readonly SensorTelemetry _telemetry;
    private readonly SensorSettingsLayers _settings;
    private readonly FineTuningOptions _fineTuning;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SensorGrain> _logger;
    private SensorPipeline? _pipeline;
    private IAsyncStream<SensorAlert>? _alertStream;
    private IGrainTimer? _dropoutTimer;

    // Whether the state in memory holds readings (or a dropout) not yet written. True after activation: a migrated
    // activation carries its state in memory, and writing once more is cheaper than reasoning about where it came from.
    private bool _unsaved = true;

    public SensorGrain(
        [PersistentState("sensor", StorageNames.Sensors)] IPersistentState<SensorState> state,
        IAlertSink alertSink,
        IScoreSink scoreSink,
        IDeadLetterSink deadLetters,
        SensorTelemetry telemetry,
        IOptions<SensorOptions> options,
        IOptions<FineTuningOptions> fineTuning,
        [FromKeyedServices(ClockKey)] TimeProvider timeProvider,
        ILogger<SensorGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(fineTuning);
        _state = state;
        _alertSink = alertSink;
        _scoreSink = scoreSink;
        _deadLetters = deadLetters;
        _telemetry = telemetry;
        _fineTuning = fineTuning.Value;
        _settings = new SensorSettingsLayers(options.Value, _fineTuning);
        _timeProvider = timeProvider;
        _logger = logger;
    }

    private string SensorId => this.GetPrimaryKeyString();

    // Kept between calls (loading it from bytes on every call cost ~10 % of ingest throughput); rebuilt from the stored
    // bytes after activation or a settings change.
    private SensorPipeline Pipeline => _pipeline ??= SensorPipeline.Load(_state.State.Pipeline, _settings.Pipeline);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _alertStream = this.GetStreamProvider(StreamNames.Provider)
            .GetStream<SensorAlert>(StreamId.Create(StreamNames.AlertsNamespace, StreamNames.AllAlertsKey));
        await RefreshGroupSettingsAsync(force: true, cancellationToken);
    }

    public async ValueTask<SensorSettingsView> GetSettingsAsync(CancellationToken cancellationToken = default)
    {
        await RefreshGroupSettingsAsync(force: true, cancellationToken);
        return _settings.View(_state.State.SettingsOverrides);
    }

    public async ValueTask<SensorSettingsView> SetSettingsAsync(ImmutableSortedDictionary<string, string> values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        await RefreshGroupSettingsAsync(force: true, cancellationToken);
        var own = SensorSettings.Merge(_state.State.SettingsOverrides, values);

        // Throws, naming the setting, before anything is stored.
        var built = _settings.Build(own);
        _state.State.SettingsOverrides = own;
        await _state.WriteStateAsync(cancellationToken);
        _settings.Use(built);
        _pipeline = null;
        var changes = string.Join(", ", values.Select(pair => $"{pair.Key}={pair.Value}"));
        LogSettingsChanged(SensorId, changes);
        return _settings.View(own);
    }

    public async ValueTask<SensorSettingsView> ResetSettingsAsync(CancellationToken cancellationToken = default)
    {
        await RefreshGroupSettingsAsync(force: true, cancellationToken);
        _state.State.SettingsOverrides = SensorSettings.Cleared(_state.State.SettingsOverrides);
        await _state.WriteStateAsync(cancellationToken);
        ApplySettings();
        LogSettingsChanged(SensorId, "(reset)");
        return _settings.View(_state.State.SettingsOverrides);
    }

    private async ValueTask RefreshGroupSettingsAsync(bool force, CancellationToken cancellationToken)
    {
        if (_settings.FetchDue(_timeProvider.GetUtcNow(), force))
        {
            var group = await GrainFactory.GetGrain<ISensorGroupSettingsGrain>(_fineTuning.Group).GetAsync(cancellationToken);
            if (_settings.TakeGroup(group, force))
            {
                ApplySettings();
            }
        }
    }

    /// <summary>Recomputes the settings in force: the silo's, then the group's overrides, then this sensor's.</summary>
    private void ApplySettings()
    {
        try
        {
            _settings.Use(_settings.Build(_state.State.SettingsOverrides));
            _pipeline = null;
        }
        catch (ArgumentException exception)
        {
            // A group change can clash with this sensor's own overrides (a group MaxValue below the sensor's MinValue):
            // keep scoring with the settings in force and say why.
            LogSettingsRejected(exception, SensorId);
        }
    }

    public async ValueTask<ApplyResult> ApplyAsync(SensorReadingBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var state = _state.State;
        if (!Includes(batch.DeliveredBefore))
        {
            LogStateLost(SensorId);
            return ApplyResult.Lost;
        }

        var fresh = FreshReadings.Select(batch.Readings, state.AppliedOffsets);
        var duplicates = batch.Readings.Length - fresh.Count;
        if (duplicates > 0)
        {
            _telemetry.DuplicatesSkipped(duplicates);
        }

        if (fresh.Count == 0)
        {
            return new ApplyResult(0, duplicates, 0);
        }

        await RefreshGroupSettingsAsync(force: false, cancellationToken);
        try
        {
            return await ApplyFreshAsync(fresh, duplicates, cancellationToken);
        }
        catch (ProcessingFailedException) when (fresh.Count > 1)
        {
            // One of the readings cannot be processed: apply them one by one, so only that one is set aside.
            var (applied, alerts) = (0, 0);
            foreach (var reading in fresh)
            {
                var one = await ApplyOrDeadLetterAsync(reading, cancellationToken);
                (applied, alerts) = (applied + one.Applied, alerts + one.Alerts);
            }

            return new ApplyResult(applied, duplicates, alerts);
        }
        catch (ProcessingFailedException failure)
        {
            await DeadLetterAsync(fresh[0], failure, cancellationToken);
            return new ApplyResult(0, duplicates, 0);
        }
    }

    private async Task<ApplyResult> ApplyOrDeadLetterAsync(SensorReading reading, CancellationToken cancellationToken)
    {
        try
        {
            return await ApplyFreshAsync([reading], 0, cancellationToken);
        }
        catch (ProcessingFailedException failure)
        {
            await DeadLetterAsync(reading, failure, cancellationToken);
            return new ApplyResult(0, 0, 0);
        }
    }

    /// <summary>
    /// Sends a reading the sensor cannot process to the dead-letter topic and counts it as done (its offset applied):
    /// published before it is marked, so a failure in between sends it again rather than losing it.
    /// </summary>
    private async Task DeadLetterAsync(SensorReading reading, ProcessingFailedException failure, CancellationToken cancellationToken)
    {
        var cause = failure.InnerException!;
        await _deadLetters.PublishAsync(SensorId, reading, $"{cause.GetType().Name}: {cause.Message}", cancellationToken);
        _state.State.AppliedOffsets[reading.Partition] = Math.Max(_state.State.AppliedOffsets.GetValueOrDefault(reading.Partition, -1), reading.Offset);
        _unsaved = true;
        _telemetry.ReadingRejected();
        LogReadingRejected(cause, SensorId, reading.Partition, reading.Offset);
    }

    /// <summary>Applies readings not applied before, wholly or not at all; a reading the pipeline cannot take throws <see cref="ProcessingFailedException"/>.</summary>
    private async Task<ApplyResult> ApplyFreshAsync(List<SensorReading> fresh, int duplicates, CancellationToken cancellationToken)
    {
        var state = _state.State;
        var pipeline = Pipeline;
        PipelineResult result;
        StepReply reply;
        bool switched;
        try
        {
            (result, reply, switched) = await StepAndScoreAsync(pipeline, fresh, cancellationToken);

            // Alerts go out before the state that includes them is kept: if publishing fails, nothing of the batch
            // is applied and the retry publishes the same alert ids again, which consumers drop. The other way
            // round, a failure would lose the alerts for good.
            foreach (var alert in result.Alerts)
            {
                await PublishAsync(SensorAlerts.From(SensorId, alert), cancellationToken);
            }

            if (_scoreSink.Enabled)
            {
                await _scoreSink.PublishAsync([.. result.Scores.Select(s => new SensorScore(SensorId, s.Timestamp, s.Value, s.Expected, s.Score, s.ModelVersion, s.Partition, s.Offset))], cancellationToken);
            }

            foreach (var window in result.TrainingWindows)
            {
                await GrainFactory.GetGrain<IFineTuningCoordinatorGrain>(_fineTuning.Group)
                    .ContributeAsync(new TrainingWindow(SensorId, window.Inputs, window.Steps, window.Channels, window.EndReading));
            }
        }
        catch
        {
            // The pipeline object has taken the batch in; the stored bytes have not: rebuild it from them.
            _pipeline = null;
            throw;
        }

        // Everything the batch produced is out: keep it, all at once.
        if (switched)
        {
            RecordSwitch(state, pipeline.State.ReadingsApplied, reply.ModelVersion);
        }

        foreach (var reading in fresh)
        {
            state.AppliedOffsets[reading.Partition] = reading.Offset;
        }

        var started = result.Alerts.Count(alert => alert.Phase == AlertTransition.Start);
        state.AlertsRaised += started;
        state.Pipeline = pipeline.Save();
        state.HiddenState = reply.State;
        state.ModelVersion = reply.ModelVersion;
        _unsaved = true;
        _telemetry.ReadingsApplied(fresh.Count);
        _dropoutTimer ??= this.RegisterGrainTimer(CheckDropoutAsync, _settings.Effective.DropoutCheckPeriod, _settings.Effective.DropoutCheckPeriod);
        return new ApplyResult(fresh.Count, duplicates, started);
    }

    /// <summary>Runs the fresh readings through the inference pool (re-warming after a model switch) and scores them.</summary>
    private async Task<(PipelineResult Result, StepReply Reply, bool Switched)> StepAndScoreAsync(
        SensorPipeline pipeline, List<SensorReading> fresh, CancellationToken cancellationToken)
    {
        var state = _state.State;
        PipelineInputs inputs;
        try
        {
            inputs = pipeline.Normalize([.. fresh.Select(r => new SensorPipelineReading(r.Timestamp, r.Values, r.Partition, r.Offset))]);
        }
        catch (Exception exception) when (exception is ArgumentException or ArithmeticException)
        {
            throw new ProcessingFailedException(exception);
        }

        var pool = GrainFactory.GetGrain<IInferenceGrain>(0);
        var reply = await pool.StepAsync(new StepCall(inputs.Values, inputs.Steps, state.HiddenState.Length == 0 ? null : state.HiddenState), cancellationToken);
        var warmSteps = 0;
        var switched = state.HiddenState.Length > 0 && reply.ModelVersion != state.ModelVersion;
        if (switched)
        {
            // The pool switched weights: re-warm from a zero state over the recent window, then run the new readings, in one call.
            (var rewarm, warmSteps) = pipeline.RewarmInputs(inputs);
            reply = await pool.StepAsync(new StepCall(rewarm, warmSteps + inputs.Steps, null), cancellationToken);
        }

        try
        {
            var result = pipeline.Score(inputs, reply.Forecasts, warmSteps, reply.ModelVersion, switched, _timeProvider.GetUtcNow());
            return (result, reply, switched);
        }
        catch (Exception exception) when (exception is ArgumentException or ArithmeticException)
        {
            // The scoring code is pure: what it refuses for these readings it refuses every time.
            throw new ProcessingFailedException(exception);
        }
    }

    public async ValueTask<bool> CheckpointAsync(ImmutableDictionary<int, long> delivered, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivered);
        if (!Includes(delivered))
        {
            LogStateLost(SensorId);
            return false;
        }

        if (_unsaved)
        {
            try
            {
                await _state.WriteStateAsync(cancellationToken);
            }
            catch (InconsistentStateException)
            {
                // Someone else wrote this sensor's state (a second activation during a membership change): this one's
                // state is not the truth. Deactivate, so the caller's retry reloads it and finds what it holds.
                DeactivateOnIdle();
                throw;
            }

            _unsaved = false;
        }

        return true;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // What was applied since the last checkpoint is kept, so an idle or migrating sensor never needs a replay.
        if (_unsaved)
        {
            try
            {
                await _state.WriteStateAsync(cancellationToken);
                _unsaved = false;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Not fatal: the offsets of those readings are not committed until a checkpoint, so they are replayed.
                LogDeactivationWriteFailed(exception, SensorId, reason.ReasonCode);
            }
        }
    }

    /// <summary>Whether this sensor has applied every offset <paramref name="delivered"/> names.</summary>
    private bool Includes(ImmutableDictionary<int, long> delivered)
    {
        foreach (var (partition, offset) in delivered)
        {
            if (_state.State.AppliedOffsets.GetValueOrDefault(partition, -1) < offset)
            {
                return false;
            }
        }

        return true;
    }

    public ValueTask<SensorSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_state.State.Snapshot(SensorId, Pipeline));

    private async ValueTask PublishAsync(SensorAlert alert, CancellationToken cancellationToken)
    {
        await _alertSink.PublishAsync(alert, cancellationToken);
        if (_alertStream is not null)
        {
            await _alertStream.OnNextAsync(alert);
        }

        if (alert.Phase == AlertPhase.Start)
        {
            _telemetry.AlertRaised(alert.Kind);
        }

        LogAlert(alert.Kind, alert.Phase, alert.SensorId, alert.SourcePartition, alert.SourceOffset, alert.Score);
    }

    /// <summary>Runs on a grain timer, so it fires although no message arrives.</summary>
    private async Task CheckDropoutAsync(CancellationToken cancellationToken)
    {
        var pipeline = Pipeline;
        if (pipeline.CheckDropout(_timeProvider.GetUtcNow()) is { } dropout)
        {
            try
            {
                await PublishAsync(SensorAlerts.From(SensorId, dropout), cancellationToken);
            }
            catch
            {
                _pipeline = null;
                throw;
            }

            if (dropout.Phase == AlertTransition.Start)
            {
                _state.State.AlertsRaised++;
            }

            _state.State.Pipeline = pipeline.Save();
            _unsaved = true;
        }
    }

    private void RecordSwitch(SensorState state, long readingsApplied, int to)
    {
        var from = state.ModelVersion;
        state.RecordSwitch(new ModelSwitch(from, to, readingsApplied, _timeProvider.GetUtcNow()));
        _telemetry.ModelSwitched();
        LogSwitched(SensorId, from, to);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sensor {SensorId} lost readings it had applied but not persisted (reactivated from an older checkpoint); the sender replays them")]
    private partial void LogStateLost(string sensorId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sensor {SensorId}: writing its state at deactivation ({Reason}) failed; its uncommitted readings will be replayed")]
    private partial void LogDeactivationWriteFailed(Exception exception, string sensorId, DeactivationReasonCode reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sensor {SensorId} could not process the reading at partition {Partition} offset {Offset}; it went to the dead-letter topic (processing-failed) and the stream goes on")]
    private partial void LogReadingRejected(Exception exception, string sensorId, int partition, long offset);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sensor {SensorId}: settings changed: {Changes}")]
    private partial void LogSettingsChanged(string sensorId, string changes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sensor {SensorId}: its group's new settings clash with its own overrides; the settings in force are kept")]
    private partial void LogSettingsRejected(Exception exception, string sensorId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sensor {SensorId} switched from model v{From} to v{To}: hidden state re-warmed over its recent window, probation started")]
    private partial void LogSwitched(string sensorId, int from, int to);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Alert {Kind} {Phase} on sensor {SensorId} at partition {Partition} offset {Offset}, score {Score:F5}")]
    private partial void LogAlert(AlertKind kind, AlertPhase phase, string sensorId, int partition, long offset, double score);
}
