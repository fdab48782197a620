using Microsoft.Extensions.Logging;
using Orleans.Core;
using Orleans.Streams;
using StreamRnn.Contracts;
using StreamRnn.Grains.Training;
using StreamRnn.Scoring;

namespace StreamRnn.Grains;

/// <summary>
/// One sensor: skips redelivered offsets, runs its readings through the inference pool and its
/// <see cref="SensorPipeline"/> (normalisation, scoring, failure modes, dropout, training windows), publishes scores and
/// alerts, stores its state and keeps its dropout watch. Turns are thin: tensor work happens in the batcher.
/// </summary>
public sealed partial class SensorGrain : Grain, ISensorGrain
{
    /// <summary>The key of the sensors' clock (arrivals, dropout, settings sync): the silo's <see cref="TimeProvider"/> unless a test gives them their own.</summary>
    public const string ClockKey = "streamrnn.sensors";

    /// <summary>The name the sensor's state is stored under (as it was when Orleans' <c>[PersistentState]</c> held it).</summary>
    private const string StateName = "sensor";

    private readonly IStorage<SensorState> _state;
    private readonly SensorGrainServices _services;
    private readonly SensorSettingsLayers _settings;
    private readonly ILogger<SensorGrain> _logger;
    private SensorPipeline? _pipeline;
    private IAsyncStream<SensorAlert>? _alertStream;

    // Whether the state in memory holds readings (or a dropout) not yet written. True after activation: writing once
    // more is cheaper than reasoning about where the state came from.
    private bool _unsaved = true;

    public SensorGrain(SensorGrainServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Orleans' storage bridge without the lifecycle hook that [PersistentState] adds (a lifecycle with one observer and
        // a list of migration participants: about 260 bytes per sensor); the sensor reads its state itself, first thing
        // in its activation, where [PersistentState] read it just before. A migrating sensor writes its state as it
        // deactivates and the new activation reads it back.
        _state = new StateStorageBridge<SensorState>(StateName, GrainContext, services.SensorStorage);
        _services = services;
        _logger = services.Logger;
        _settings = new SensorSettingsLayers(services.Options, services.FineTuning);
    }

    private string SensorId => this.GetPrimaryKeyString();

    // Kept between calls (loading it from bytes on every call cost ~10 % of ingest throughput); rebuilt from the stored
    // bytes after activation or a settings change. While it lives, the state holds no bytes of it: they are made when
    // the state is written (a sensor's memory is the objects alone, not the objects and their bytes).
    private SensorPipeline Pipeline => _pipeline ?? LoadPipeline();

    private SensorPipeline LoadPipeline()
    {
        var pipeline = SensorPipeline.Load(_state.State.Pipeline, _settings.Pipeline);
        _state.State.KeepPipelineLive(pipeline);
        return _pipeline = pipeline;
    }

    /// <summary>Puts the live pipeline back into bytes, so its next use rebuilds it with the settings now in force.</summary>
    private void ReloadPipeline()
    {
        if (_pipeline is { } live)
        {
            _state.State.Pipeline = live.Save();
            _pipeline = null;
        }
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await _state.ReadStateAsync(cancellationToken);
        await EnterAsync(cancellationToken);
        await RefreshGroupSettingsAsync(force: true, cancellationToken);
    }

    public async ValueTask<ApplyResult> ApplyAsync(SensorReadingBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var state = _state.State;
        if (!Includes(batch.DeliveredBefore))
        {
            LogStateLost(SensorId);
            LeaveIfOverCap();
            return ApplyResult.Lost;
        }

        var fresh = FreshReadings.Select(batch.Readings, state.AppliedOffsets);
        var duplicates = batch.Readings.Length - fresh.Count;
        if (duplicates > 0)
        {
            _services.Telemetry.DuplicatesSkipped(duplicates);
        }

        if (fresh.Count == 0)
        {
            // Redelivered readings can reactivate a stranger that had left: it leaves again if the silo is full.
            LeaveIfOverCap();
            return new ApplyResult(0, duplicates, 0);
        }

        await RefreshGroupSettingsAsync(force: false, cancellationToken);
        var (ordered, refused) = ReadingOrder.Split(Pipeline.State.LastTimestamp, fresh, reading => reading.Timestamp);
        await DeadLetterUnorderedAsync(refused, cancellationToken);
        var result = ordered.Count == 0 ? new ApplyResult(0, duplicates, 0) : await ApplyOrderedAsync(ordered, duplicates, cancellationToken);
        foreach (var (reading, _) in refused)
        {
            MarkRefused(reading);
        }

        LeaveIfOverCap();
        return result;
    }

    private async Task<ApplyResult> ApplyOrderedAsync(List<SensorReading> ordered, int duplicates, CancellationToken cancellationToken)
    {
        try
        {
            return await ApplyFreshAsync(ordered, duplicates, cancellationToken);
        }
        catch (ProcessingFailedException) when (ordered.Count > 1)
        {
            // One of the readings cannot be processed: apply them one by one, so only that one is set aside.
            var (applied, alerts) = (0, 0);
            foreach (var reading in ordered)
            {
                var one = await ApplyOrDeadLetterAsync(reading, cancellationToken);
                (applied, alerts) = (applied + one.Applied, alerts + one.Alerts);
            }

            return new ApplyResult(applied, duplicates, alerts);
        }
        catch (ProcessingFailedException failure)
        {
            await DeadLetterAsync(ordered[0], failure, cancellationToken);
            return new ApplyResult(0, duplicates, 0);
        }
    }

    /// <summary>Applies readings not applied before, wholly or not at all; a reading the pipeline cannot take throws <see cref="ProcessingFailedException"/>.</summary>
    private async Task<ApplyResult> ApplyFreshAsync(List<SensorReading> fresh, int duplicates, CancellationToken cancellationToken)
    {
        var state = _state.State;
        var pipeline = Pipeline;

        // Normalising and the model step change nothing in the pipeline: a failure up to here leaves it as it was.
        var (inputs, reply, warmSteps, switched) = await StepAsync(pipeline, fresh, cancellationToken);

        // Scoring takes the batch in. What the pipeline was before it comes back if scoring fails, or publishing what it
        // produced does. The snapshot is written into a recycled buffer and kept as bytes only when something is to be
        // published (awaited), so the common batch holds no buffer across an await and allocates almost nothing for it.
        PipelineResult result;
        byte[]? committed;
        using (var before = PipelineSnapshot.Of(pipeline))
        {
            try
            {
                result = pipeline.Score(inputs, reply.Forecasts, warmSteps, reply.ModelVersion, switched, _services.Clock.GetUtcNow());
            }
            catch (Exception exception) when (exception is ArgumentException or ArithmeticException)
            {
                // The scoring code is pure: what it refuses for these readings it refuses every time.
                RestorePipeline(before.ToArray());
                throw new ProcessingFailedException(exception);
            }
            catch
            {
                // Whatever else went wrong, the pipeline may have taken part of the batch in: back as it was.
                RestorePipeline(before.ToArray());
                throw;
            }

            committed = HasSomethingToPublish(result) ? before.ToArray() : null;
        }

        if (committed is not null)
        {
            try
            {
                await PublishBatchAsync(result, cancellationToken);
            }
            catch
            {
                // The pipeline object has taken the batch in: rebuild it as it was before.
                RestorePipeline(committed);
                throw;
            }
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
        state.HiddenState = reply.State;
        state.ModelVersion = reply.ModelVersion;
        _unsaved = true;
        _services.Telemetry.ReadingsApplied(fresh.Count);
        RecordWatched(result.Scores);
        WatchForDropout();
        await ReportToDirectoryAsync(cancellationToken);
        return new ApplyResult(fresh.Count, duplicates, started);
    }

    /// <summary>Whether <see cref="PublishBatchAsync"/> has anything to send for <paramref name="result"/>.</summary>
    private bool HasSomethingToPublish(PipelineResult result) =>
        result.Alerts.Count > 0 || result.TrainingWindows.Count > 0 || (_services.ScoreSink.Enabled && result.Scores.Count > 0);

    /// <summary>Publishes a batch's alerts, scores and training windows, in that order.</summary>
    private async Task PublishBatchAsync(PipelineResult result, CancellationToken cancellationToken)
    {
        // Alerts go out before the state that includes them is kept: if publishing fails, nothing of the batch
        // is applied and the retry publishes the same alert ids again, which consumers drop. The other way
        // round, a failure would lose the alerts for good.
        foreach (var alert in result.Alerts)
        {
            await PublishAsync(SensorAlerts.From(SensorId, alert), cancellationToken);
        }

        if (_services.ScoreSink.Enabled && result.Scores.Count > 0)
        {
            await _services.ScoreSink.PublishAsync([.. result.Scores.Select(s => new SensorScore(SensorId, s.Timestamp, s.Value, s.Expected, s.Score, s.ModelVersion, s.Partition, s.Offset))], cancellationToken);
        }

        foreach (var window in result.TrainingWindows)
        {
            await GrainFactory.GetGrain<IFineTuningCoordinatorGrain>(_services.FineTuning.Group)
                .ContributeAsync(new TrainingWindow(SensorId, window.Inputs, window.Steps, window.Channels, window.EndReading));
        }
    }

    /// <summary>Puts the pipeline back as <paramref name="saved"/> (its bytes from before a batch); rebuilt at its next use.</summary>
    private void RestorePipeline(byte[] saved)
    {
        _state.State.Pipeline = saved;
        _pipeline = null;
    }

    public ValueTask<SensorSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_state.State.Snapshot(SensorId, Pipeline));

    private async ValueTask PublishAsync(SensorAlert alert, CancellationToken cancellationToken)
    {
        var published = await RecordInLifecycleAsync(alert, cancellationToken);
        MarkForDirectory(alert, published);
        if (!published)
        {
            return;
        }

        await _services.AlertSink.PublishAsync(alert, cancellationToken);

        // Got at the first alert, not at activation: a stream handle costs each sensor about 600 bytes, and most never alert.
        _alertStream ??= this.GetStreamProvider(StreamNames.Provider)
            .GetStream<SensorAlert>(StreamId.Create(StreamNames.AlertsNamespace, StreamNames.AllAlertsKey));
        await _alertStream.OnNextAsync(alert);

        if (alert.Phase == AlertPhase.Start)
        {
            _services.Telemetry.AlertRaised(alert.Kind);
        }

        LogAlert(alert.Kind, alert.Phase, alert.SensorId, alert.SourcePartition, alert.SourceOffset, alert.Score);
    }

    /// <summary>Runs when <see cref="DropoutWakeUps"/> wakes the sensor, so it judges although no reading arrives.</summary>
    private async Task CheckDropoutAsync(CancellationToken cancellationToken)
    {
        var pipeline = Pipeline;
        if (pipeline.CheckDropout(_services.Clock.GetUtcNow()) is { } dropout)
        {
            try
            {
                await PublishAsync(SensorAlerts.From(SensorId, dropout), cancellationToken);
            }
            catch
            {
                // Raising a dropout changes only this flag: not raised after all, it is raised at the next check.
                pipeline.State.DropoutActive = false;
                throw;
            }

            if (dropout.Phase == AlertTransition.Start)
            {
                _state.State.AlertsRaised++;
            }

            await ReportToDirectoryAsync(cancellationToken);

            // Written at once: a silent sensor gets no ingest checkpoint, so this would otherwise wait for deactivation.
            await _state.WriteStateAsync(cancellationToken);
            _unsaved = false;
        }
    }

    private void RecordSwitch(SensorState state, long readingsApplied, int to)
    {
        var from = state.ModelVersion;
        state.RecordSwitch(new ModelSwitch(from, to, readingsApplied, _services.Clock.GetUtcNow()));
        _services.Telemetry.ModelSwitched();
        LogSwitched(SensorId, from, to);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sensor {SensorId} switched from model v{From} to v{To}: hidden state re-warmed over its recent window, probation started")]
    private partial void LogSwitched(string sensorId, int from, int to);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Alert {Kind} {Phase} on sensor {SensorId} at partition {Partition} offset {Offset}, score {Score:F5}")]
    private partial void LogAlert(AlertKind kind, AlertPhase phase, string sensorId, int partition, long offset, double score);
}
