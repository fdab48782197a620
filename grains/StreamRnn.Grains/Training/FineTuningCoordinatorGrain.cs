using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using StreamRnn.Contracts;

namespace StreamRnn.Grains.Training;

/// <summary>
/// One model group's fine-tuning: a durable reminder (and <c>train-now</c>) starts rounds; each round draws the
/// training buffer evenly across sensors, has a <see cref="ITrainerGrain"/> train a candidate from the active
/// weights, registers it, and promotes it only through the <see cref="ValidationGate"/>. Reentrant so that
/// sensors' one-way contributions keep arriving while a round trains; one round runs at a time.
/// </summary>
[Reentrant]
public sealed partial class FineTuningCoordinatorGrain : Grain, IFineTuningCoordinatorGrain, IRemindable
{
    private const string ReminderName = "fine-tune";

    private readonly IPersistentState<FineTuningCoordinatorState> _state;
    private readonly FineTuningOptions _options;
    private readonly FineTuningTelemetry _telemetry;
    private readonly ILocalSiloDetails _silo;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<FineTuningCoordinatorGrain> _logger;
    private readonly TrainingBuffer _buffer;
    private long _windowsReceived;
    private bool _roundInProgress;

    public FineTuningCoordinatorGrain(
        [PersistentState("coordinator", StorageNames.Training)] IPersistentState<FineTuningCoordinatorState> state,
        IOptions<FineTuningOptions> options,
        FineTuningTelemetry telemetry,
        ILocalSiloDetails silo,
        TimeProvider timeProvider,
        ILogger<FineTuningCoordinatorGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _state = state;
        _options = options.Value;
        _telemetry = telemetry;
        _silo = silo;
        _timeProvider = timeProvider;
        _logger = logger;
        _buffer = new TrainingBuffer(_options.BufferCapacity, _options.WindowsPerSensor);
    }

    private string Group => this.GetPrimaryKeyString();

    private IModelRegistryGrain Registry => GrainFactory.GetGrain<IModelRegistryGrain>(Group);

    public Task ContributeAsync(TrainingWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (_buffer.Add(window))
        {
            _windowsReceived++;
            _telemetry.WindowReceived();
        }

        return Task.CompletedTask;
    }

    public async Task EnsureScheduledAsync(CancellationToken cancellationToken = default)
    {
        if (_options.Interval > TimeSpan.Zero)
        {
            await this.RegisterOrUpdateReminder(ReminderName, _options.Interval, _options.Interval, cancellationToken);
            LogScheduled(Group, _options.Interval);
        }
        else if (await this.GetReminder(ReminderName, cancellationToken) is { } reminder)
        {
            await this.UnregisterReminder(reminder, cancellationToken);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == ReminderName)
        {
            // Not awaited: the reminder service should not wait for a whole training round. The round runs on
            // this grain's scheduler (the grain is reentrant) and records its own outcome.
            _ = RunRoundAsync("schedule", CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    public Task<FineTuningRound> TrainNowAsync(CancellationToken cancellationToken = default) =>
        RunRoundAsync("train-now", cancellationToken);

    public async Task<FineTuningRound> PromoteAsync(int version, bool force, CancellationToken cancellationToken = default)
    {
        var registry = Registry;
        var target = await registry.GetAsync(version, cancellationToken);
        var active = await registry.GetActiveAsync(cancellationToken);
        var started = _timeProvider.GetUtcNow();
        if (target.Status == ModelVersionStatus.Rejected)
        {
            throw new ModelVersionException(string.Create(CultureInfo.InvariantCulture, $"Version {version} was rejected ({target.StatusReason}) and is never promoted."));
        }

        var (_, validation) = _buffer.Draw(_options.MaxTrainWindows);
        double baseline = double.NaN, candidate = double.NaN;
        string reason;
        if (force || validation.Count == 0 || target.Version == active.Version)
        {
            reason = force ? "promoted by operator (--force: held-out error not compared)" : "promoted by operator (no held-out windows yet: weights checked at registration only)";
        }
        else
        {
            var checkpoints = new[]
            {
                await registry.GetCheckpointAsync(active.Version, cancellationToken),
                await registry.GetCheckpointAsync(version, cancellationToken),
            };
            var losses = await GrainFactory.GetGrain<ITrainerGrain>(TrainerKey(_state.State.Rounds + 1))
                .EvaluateAsync(checkpoints, [.. validation], cancellationToken);
            (baseline, candidate) = (losses[0], losses[1]);
            var (passed, gateReason) = ValidationGate.Evaluate(baseline, candidate, nonFiniteParameter: null, _options.Tolerance);
            if (!passed)
            {
                if (target.Status == ModelVersionStatus.Candidate)
                {
                    await registry.RejectAsync(version, gateReason, cancellationToken);
                }

                return await RecordAsync(Untrained(++_state.State.Rounds, "promote", started, FineTuningOutcome.Rejected, gateReason, active.Version, version, baseline, candidate, validationWindows: validation.Count), cancellationToken);
            }

            reason = "promoted by operator: " + gateReason;
        }

        await registry.PromoteAsync(version, reason, cancellationToken);
        return await RecordAsync(Untrained(++_state.State.Rounds, "promote", started, FineTuningOutcome.Promoted, reason, active.Version, version, baseline, candidate, validationWindows: validation.Count), cancellationToken);
    }

    public Task<ModelVersionInfo> RollbackAsync(string reason, CancellationToken cancellationToken = default) =>
        Registry.RollbackAsync(reason, cancellationToken).AsTask();

    public async Task<FineTuningStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var active = await Registry.GetActiveAsync(cancellationToken);
        return new FineTuningStatus(Group, _options.Interval, _buffer.Count, _buffer.Sensors, _windowsReceived, active.Version, _roundInProgress, [.. _state.State.History])
        {
            Silo = _silo.SiloAddress.ToString(),
        };
    }

    private static bool IsTransient(Exception exception) => exception is TimeoutException or OperationCanceledException or OrleansException;

    private string TrainerKey(int round) => string.Create(CultureInfo.InvariantCulture, $"{Group}/{round}");

    /// <summary>A round record with no trainer run behind it (skipped, failed, or a gated manual promotion).</summary>
    private FineTuningRound Untrained(
        int round,
        string trigger,
        DateTimeOffset started,
        FineTuningOutcome outcome,
        string reason,
        int parentVersion,
        int? candidateVersion = null,
        double baselineLoss = double.NaN,
        double candidateLoss = double.NaN,
        int trainWindows = 0,
        int validationWindows = 0) =>
        new(round, trigger, started, outcome, reason, parentVersion, candidateVersion, baselineLoss, candidateLoss, trainWindows, validationWindows, _buffer.Sensors, TimeSpan.Zero, string.Empty, string.Empty);

    private async Task<FineTuningRound> RunRoundAsync(string trigger, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetUtcNow();
        if (_roundInProgress)
        {
            return Untrained(_state.State.Rounds, trigger, started, FineTuningOutcome.Skipped, "a round is already in progress", 0);
        }

        _roundInProgress = true;
        var registry = Registry;
        var round = ++_state.State.Rounds;
        ModelVersionInfo? active = null;
        try
        {
            active = await registry.GetActiveAsync(cancellationToken);
            var (train, validation) = _buffer.Draw(_options.MaxTrainWindows);
            if (train.Count < _options.MinWindows || validation.Count == 0)
            {
                var reason = string.Create(CultureInfo.InvariantCulture, $"too little data: {train.Count} training window(s) (need {_options.MinWindows}) and {validation.Count} held-out from {_buffer.Sensors} sensor(s)");
                return await RecordAsync(Untrained(round, trigger, started, FineTuningOutcome.Skipped, reason, active.Version, trainWindows: train.Count, validationWindows: validation.Count), cancellationToken);
            }

            var job = new FineTuningJob(
                Group,
                round,
                active.Version,
                await registry.GetCheckpointAsync(active.Version, cancellationToken),
                [.. train],
                [.. validation],
                _options.Epochs,
                _options.LearningRate,
                _options.BatchSize,
                _options.GradientClipNorm,
                _options.Seed + round);
            var result = await GrainFactory.GetGrain<ITrainerGrain>(TrainerKey(round)).TrainAsync(job, cancellationToken);
            var metrics = ImmutableDictionary<string, double>.Empty
                .Add("baselineLoss", result.BaselineLoss)
                .Add("candidateLoss", result.CandidateLoss)
                .Add("trainWindows", result.TrainWindows)
                .Add("validationWindows", result.ValidationWindows)
                .Add("trainSeconds", result.Duration.TotalSeconds);
            var candidate = await registry.RegisterCandidateAsync(result.Candidate, $"fine-tuning round {round} on {result.Silo} ({result.Device})", active.Version, metrics, cancellationToken);
            var (passed, gateReason) = candidate.Status == ModelVersionStatus.Rejected
                ? (false, candidate.StatusReason ?? "rejected at registration")
                : ValidationGate.Evaluate(result.BaselineLoss, result.CandidateLoss, result.NonFiniteParameter, _options.Tolerance);
            var current = await registry.GetActiveAsync(cancellationToken);
            if (passed && current.Version != active.Version)
            {
                (passed, gateReason) = (false, string.Create(CultureInfo.InvariantCulture, $"trained from v{active.Version} but v{current.Version} became active meanwhile"));
            }

            if (passed)
            {
                await registry.PromoteAsync(candidate.Version, gateReason, cancellationToken);
            }
            else if (candidate.Status == ModelVersionStatus.Candidate)
            {
                await registry.RejectAsync(candidate.Version, gateReason, cancellationToken);
            }

            return await RecordAsync(
                new FineTuningRound(round, trigger, started, passed ? FineTuningOutcome.Promoted : FineTuningOutcome.Rejected, gateReason, active.Version, candidate.Version, result.BaselineLoss, result.CandidateLoss, result.TrainWindows, result.ValidationWindows, _buffer.Sensors, result.Duration, result.Device, result.Silo),
                cancellationToken);
        }
#pragma warning disable CA1031 // A failed round is recorded with its reason; the active version is untouched.
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested || IsTransient(exception))
#pragma warning restore CA1031
        {
            LogRoundFailed(exception, Group, round);
            return await RecordAsync(Untrained(round, trigger, started, FineTuningOutcome.Failed, exception.Message, active?.Version ?? 0), CancellationToken.None);
        }
        finally
        {
            _roundInProgress = false;
        }
    }

    private async Task<FineTuningRound> RecordAsync(FineTuningRound round, CancellationToken cancellationToken)
    {
        var history = _state.State.History;
        history.Add(round);
        if (history.Count > _options.History)
        {
            history.RemoveRange(0, history.Count - _options.History);
        }

        await _state.WriteStateAsync(cancellationToken);
        _telemetry.RoundEnded(round);
        LogRound(Group, round.Round, round.Trigger, round.Outcome, round.CandidateVersion, round.Reason);
        return round;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model group {Group}: fine-tuning every {Interval} (durable reminder)")]
    private partial void LogScheduled(string group, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model group {Group}: round {Round} ({Trigger}) {Outcome}, candidate v{Candidate}: {Reason}")]
    private partial void LogRound(string group, int round, string trigger, FineTuningOutcome outcome, int? candidate, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model group {Group}: fine-tuning round {Round} failed; the active version is unchanged")]
    private partial void LogRoundFailed(Exception exception, string group, int round);
}
