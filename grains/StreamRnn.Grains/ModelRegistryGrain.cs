using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamRnn.Contracts;
using StreamRnn.Inference;
using StreamRnn.Inference.Checkpoints;

namespace StreamRnn.Grains;

/// <summary>
/// Keeps every version of a model group's weights in grain storage. Registration verifies the
/// checkpoint (hashing, parsing and a shape check: no tensor work in the turn) before recording it.
/// Serving a new version (validation gate, promotion, hot swap) builds on this registry.
/// </summary>
public sealed partial class ModelRegistryGrain : Grain, IModelRegistryGrain
{
    private readonly IPersistentState<ModelRegistryState> _state;
    private readonly ModelOptions _modelOptions;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ModelRegistryGrain> _logger;

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
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_state.State.Versions.Count == 0)
        {
            // Version 1 is what every silo starts with.
            var source = string.IsNullOrWhiteSpace(_modelOptions.Checkpoint) ? $"seeded (Model:Seed={_modelOptions.Seed})" : _modelOptions.Checkpoint;
            var sha256 = string.IsNullOrWhiteSpace(_modelOptions.Checkpoint) ? string.Empty : CheckpointFile.ContentSha256(_modelOptions.Checkpoint);
            _state.State.Versions.Add(new ModelVersionInfo(1, ModelVersionStatus.Active, sha256, Describe(ModelShape.FromOptions(_modelOptions)), _timeProvider.GetUtcNow(), null, source, ImmutableDictionary<string, string>.Empty));
            await _state.WriteStateAsync(cancellationToken);
        }
    }

    public async ValueTask<ModelVersionInfo> RegisterAsync(byte[] checkpoint, string source, CancellationToken cancellationToken = default)
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

        if (ForecasterLayout.Mismatch(parsed) is { } mismatch)
        {
            throw new ModelRegistrationException($"'{source}' does not fit its own architecture: {mismatch}.");
        }

        var sha256 = Convert.ToHexStringLower(checkpoint.AsSpan(checkpoint.Length - SHA256.HashSizeInBytes));
        if (_state.State.Versions.FirstOrDefault(v => v.Sha256 == sha256) is { } existing)
        {
            return existing;
        }

        var active = _state.State.Versions.LastOrDefault(v => v.Status == ModelVersionStatus.Active);
        var info = new ModelVersionInfo(
            _state.State.Versions.Max(v => v.Version) + 1,
            ModelVersionStatus.Candidate,
            sha256,
            Describe(parsed.Architecture),
            _timeProvider.GetUtcNow(),
            active?.Version,
            source,
            parsed.Metadata.ToImmutableDictionary());
        _state.State.Versions.Add(info);
        _state.State.Checkpoints[info.Version] = checkpoint;
        await _state.WriteStateAsync(cancellationToken);
        var group = this.GetPrimaryKeyString();
        LogRegistered(group, info.Version, sha256, source);
        return info;
    }

    public ValueTask<ImmutableArray<ModelVersionInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_state.State.Versions.ToImmutableArray());

    public ValueTask<byte[]> GetCheckpointAsync(int version, CancellationToken cancellationToken = default) =>
        _state.State.Checkpoints.TryGetValue(version, out var bytes)
            ? ValueTask.FromResult(bytes)
            : throw new KeyNotFoundException(string.Create(CultureInfo.InvariantCulture, $"Model group '{this.GetPrimaryKeyString()}' has no stored checkpoint for version {version}."));

    private static string Describe(ModelShape shape) =>
        string.Create(CultureInfo.InvariantCulture, $"{shape.Cell} {shape.Layers}x{shape.HiddenSize}, {shape.Channels} channel(s), horizon {shape.Horizon}");

    [LoggerMessage(Level = LogLevel.Information, Message = "Model group {Group}: registered version {Version} (SHA-256 {Sha256}) from {Source}")]
    private partial void LogRegistered(string group, int version, string sha256, string source);
}
