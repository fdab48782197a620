using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;
using StreamRnn.Contracts;
using StreamRnn.Models;
using StreamRnn.Batching;
using StreamRnn.Telemetry;
using StreamRnn.Models.Checkpoints;

namespace StreamRnn.Grains.Models;

/// <summary>
/// Keeps every version of a model group's weights in grain storage (architecture, checksum, parent,
/// metrics, status and the checkpoint bytes) and which one is active. Registration verifies the
/// checkpoint (hashing, parsing, a shape check and a scan for non-finite weights: array work, no
/// tensors) before recording it. A change of the active version is pushed to every subscribed silo,
/// whose batcher then swaps at a batch boundary.
/// </summary>
public sealed partial class ModelRegistryGrain : Grain, IModelRegistryGrain
{
    private static readonly TimeSpan ObserverExpiry = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan NotifyTimeout = TimeSpan.FromSeconds(5);

    private readonly IPersistentState<ModelRegistryState> _state;
    private readonly ModelOptions _modelOptions;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ModelRegistryGrain> _logger;
    private readonly ObserverManager<IModelVersionObserver> _observers;

    public ModelRegistryGrain(
        [PersistentState("registry", StorageNames.Models)] IPersistentState<ModelRegistryState> state,
        IOptions<ModelOptions> modelOptions,
        TimeProvider timeProvider,
        ILogger<ModelRegistryGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(modelOptions);
        _state = state;
        _modelOptions = modelOptions.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _observers = new ObserverManager<IModelVersionObserver>(ObserverExpiry, logger);
    }

    private string Group => this.GetPrimaryKeyString();

    private List<ModelVersionInfo> Versions => _state.State.Versions;

    /// <summary>The rules of the group's versions over the stored state.</summary>
    private ModelVersionLedger Ledger => new(_state.State, Group);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Versions.Count == 0)
        {
            // Version 1 is what every silo starts with: the configured checkpoint (stored here too), or
            // the seeded model, which every silo rebuilds from its Model settings (no bytes stored).
            var checkpointPath = _modelOptions.Checkpoint;
            var seeded = string.IsNullOrWhiteSpace(checkpointPath);
            var source = seeded ? $"seeded (Model:Seed={_modelOptions.Seed})" : checkpointPath!;
            var sha256 = seeded ? string.Empty : CheckpointFile.ContentSha256(checkpointPath!);
            Versions.Add(new ModelVersionInfo(1, ModelVersionStatus.Active, sha256, Describe(ModelShape.FromOptions(_modelOptions)), _timeProvider.GetUtcNow(), null, source, ImmutableDictionary<string, string>.Empty));
            if (!seeded)
            {
                _state.State.Checkpoints[1] = await File.ReadAllBytesAsync(checkpointPath!, cancellationToken);
            }

            _state.State.ActivationHistory.Add(1);
            await PersistAsync(cancellationToken);
        }
    }

    public ValueTask<ModelVersionInfo> RegisterAsync(byte[] checkpoint, string source, CancellationToken cancellationToken = default) =>
        RegisterCoreAsync(checkpoint, source, parentVersion: null, ImmutableDictionary<string, double>.Empty, cancellationToken);

    public ValueTask<ModelVersionInfo> RegisterCandidateAsync(
        byte[] checkpoint,
        string source,
        int parentVersion,
        ImmutableDictionary<string, double> metrics,
        CancellationToken cancellationToken = default) =>
        RegisterCoreAsync(checkpoint, source, parentVersion, metrics ?? ImmutableDictionary<string, double>.Empty, cancellationToken);

    public ValueTask<ImmutableArray<ModelVersionInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Versions.ToImmutableArray());

    public ValueTask<ModelVersionInfo> GetAsync(int version, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Ledger.Find(version));

    public ValueTask<ModelVersionInfo> GetActiveAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Ledger.Active);

    public ValueTask<byte[]> GetCheckpointAsync(int version, CancellationToken cancellationToken = default)
    {
        _ = Ledger.Find(version);
        return ValueTask.FromResult(_state.State.Checkpoints.TryGetValue(version, out var bytes) ? bytes : []);
    }

    public async ValueTask<ModelVersionInfo> PromoteAsync(int version, string reason, CancellationToken cancellationToken = default)
    {
        var ledger = Ledger;
        if (ledger.PromotionTarget(version) is not { } target)
        {
            return ledger.Active;
        }

        // Checked again whatever the caller skipped (--force skips only the held-out comparison): a version stored
        // before these checks existed, or under other Model settings, is never served.
        if (_state.State.Checkpoints.TryGetValue(version, out var bytes) && bytes.Length > 0 && ServingProblem(bytes, version) is { } problem)
        {
            await MarkRejectedAsync(target, problem, cancellationToken);
            throw new ModelVersionException(string.Create(CultureInfo.InvariantCulture, $"Version {version} of model group '{Group}' cannot be served ({problem}); it is now rejected."));
        }

        var (promoted, retired) = ledger.Promote(target, reason, _timeProvider.GetUtcNow());
        await PersistAsync(cancellationToken);
        LogPromoted(Group, version, retired.Version, reason);
        Notify(version);
        return promoted;
    }

    public async ValueTask<ModelVersionInfo> RejectAsync(int version, string reason, CancellationToken cancellationToken = default)
    {
        var ledger = Ledger;
        if (ledger.Reject(version, reason, _timeProvider.GetUtcNow()) is not { } rejected)
        {
            return ledger.Find(version);
        }

        await PersistAsync(cancellationToken);
        LogRejected(Group, version, reason);
        return rejected;
    }

    public async ValueTask<ModelVersionInfo> RollbackAsync(string reason, CancellationToken cancellationToken = default)
    {
        var (restored, left) = Ledger.RollBack(reason, _timeProvider.GetUtcNow());
        await PersistAsync(cancellationToken);
        LogRolledBack(Group, left.Version, restored.Version, reason);
        Notify(restored.Version);
        return restored;
    }

    public async ValueTask<ModelVersionInfo> ReportNonFiniteForecastsAsync(int version, string reason, CancellationToken cancellationToken = default)
    {
        var ledger = Ledger;
        var target = ledger.Find(version);
        var why = $"forecast non-finite values at run time ({reason})";
        switch (target.Status)
        {
            case ModelVersionStatus.Active when ledger.CanRollBack:
                return await RollbackAsync(why, cancellationToken);
            case ModelVersionStatus.Active:
                // Nothing earlier to serve: it stays active (its batchers fail the requests it cannot answer) and says why.
                var kept = ledger.Annotate(target, why + "; no earlier served version to roll back to", _timeProvider.GetUtcNow());
                await PersistAsync(cancellationToken);
                LogNonFiniteKept(Group, version, reason);
                return kept;
            case ModelVersionStatus.Candidate or ModelVersionStatus.Retired:
                await MarkRejectedAsync(target, why, cancellationToken);
                return ledger.Find(version);
            default:
                // Already rejected (another silo reported it first, or an operator rolled it back).
                return target;
        }
    }

    public ValueTask SubscribeAsync(IModelVersionObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers.Subscribe(observer, observer);
        return ValueTask.CompletedTask;
    }

    public ValueTask UnsubscribeAsync(IModelVersionObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers.Unsubscribe(observer);
        return ValueTask.CompletedTask;
    }

    /// <summary>The architecture every batcher of the cluster serves (the Model settings, or Model:Checkpoint's).</summary>
    private ModelShape Served => ModelShape.FromOptions(_modelOptions);

    /// <summary>Why the stored bytes of <paramref name="version"/> cannot be served now; null when they can.</summary>
    private string? ServingProblem(byte[] bytes, int version)
    {
        try
        {
            return CheckpointChecks.Problem(CheckpointFile.Deserialize(bytes, string.Create(CultureInfo.InvariantCulture, $"model group '{Group}' v{version}")), Served);
        }
        catch (CheckpointException exception)
        {
            return exception.Message;
        }
    }

    private async Task MarkRejectedAsync(ModelVersionInfo target, string reason, CancellationToken cancellationToken)
    {
        if (!Ledger.MarkRejected(target, reason, _timeProvider.GetUtcNow()))
        {
            return;
        }

        await PersistAsync(cancellationToken);
        LogRejected(Group, target.Version, reason);
    }

    private static string Describe(ModelShape shape) =>
        string.Create(CultureInfo.InvariantCulture, $"{shape.Cell} {shape.Layers}x{shape.HiddenSize}, {shape.Channels} channel(s), horizon {shape.Horizon}");

    private async ValueTask<ModelVersionInfo> RegisterCoreAsync(
        byte[] checkpoint,
        string source,
        int? parentVersion,
        ImmutableDictionary<string, double> metrics,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ModelCheckpoint parsed;
        try
        {
            parsed = CheckpointFile.Deserialize(checkpoint, source);
        }
        catch (CheckpointException exception)
        {
            throw new ModelRegistrationException(exception.Message);
        }

        // Refused outright (no version recorded): a checkpoint no batcher of this cluster can load.
        if (CheckpointChecks.StructuralProblem(parsed, Served) is { } problem)
        {
            throw new ModelRegistrationException($"'{source}' cannot be served by model group '{Group}': {problem}.");
        }

        var sha256 = Convert.ToHexStringLower(checkpoint.AsSpan(checkpoint.Length - SHA256.HashSizeInBytes));
        if (Versions.FirstOrDefault(v => v.Sha256 == sha256) is { } existing)
        {
            return existing;
        }

        var now = _timeProvider.GetUtcNow();
        var nonFinite = CheckpointChecks.FindNonFiniteParameter(parsed);
        var ledger = Ledger;
        var info = new ModelVersionInfo(
            ledger.NextVersion,
            nonFinite is null ? ModelVersionStatus.Candidate : ModelVersionStatus.Rejected,
            sha256,
            Describe(parsed.Architecture),
            now,
            parentVersion ?? ledger.Active.Version,
            source,
            parsed.Metadata.ToImmutableDictionary())
        {
            Metrics = metrics,
            StatusReason = nonFinite is null ? null : CheckpointChecks.NonFiniteReason(nonFinite),
            StatusChanged = nonFinite is null ? null : now,
        };
        Versions.Add(info);
        _state.State.Checkpoints[info.Version] = checkpoint;
        await PersistAsync(cancellationToken);
        LogRegistered(Group, info.Version, info.Status, sha256, source);
        return info;
    }

    /// <summary>
    /// Writes the state. When the write fails the change stays only in this activation's memory, where a later
    /// call could build on it (serve a version whose registration the caller was told had failed, or hand its
    /// number out while storage never got it); so the activation goes, and the next call reads what storage holds.
    /// </summary>
    private async Task PersistAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _state.WriteStateAsync(cancellationToken);
        }
        catch (Exception exception)
        {
            LogWriteFailed(exception, Group);
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>
    /// Tells the subscribed silos, without holding up the caller: a silo that is slow or gone must not delay
    /// a promotion, and every silo also checks the active version periodically.
    /// </summary>
    private void Notify(int version)
    {
        var group = Group;
        _ = _observers.Notify(observer => observer.ActiveVersionChangedAsync(group, version).WaitAsync(NotifyTimeout));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model group {Group}: registered version {Version} as {Status} (SHA-256 {Sha256}) from {Source}")]
    private partial void LogRegistered(string group, int version, ModelVersionStatus status, string sha256, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model group {Group}: version {Version} promoted (was v{Previous}): {Reason}")]
    private partial void LogPromoted(string group, int version, int previous, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model group {Group}: version {Version} rejected: {Reason}")]
    private partial void LogRejected(string group, int version, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model group {Group}: the registry could not be written; the change is dropped and the registry reloads from storage")]
    private partial void LogWriteFailed(Exception exception, string group);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model group {Group}: v{Version} forecast non-finite values ({Reason}) and there is no earlier served version to roll back to; it stays active")]
    private partial void LogNonFiniteKept(string group, int version, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model group {Group}: rolled back from v{From} to v{To}: {Reason}")]
    private partial void LogRolledBack(string group, int from, int to, string reason);
}
