using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamRnn.Contracts;
using StreamRnn.Scoring;

namespace StreamRnn.Grains;

/// <summary>One model group's run-time sensor settings, in grain storage.</summary>
public sealed partial class SensorGroupSettingsGrain : Grain, ISensorGroupSettingsGrain
{
    private readonly IPersistentState<SensorGroupSettingsState> _state;
    private readonly SensorOptions _options;
    private readonly ILogger<SensorGroupSettingsGrain> _logger;

    public SensorGroupSettingsGrain(
        [PersistentState("sensor-group-settings", StorageNames.Sensors)] IPersistentState<SensorGroupSettingsState> state,
        IOptions<SensorOptions> options,
        ILogger<SensorGroupSettingsGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _state = state;
        _options = options.Value;
        _logger = logger;
    }

    public ValueTask<SensorSettingsOverrides> GetAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(_state.State.Overrides);

    public async ValueTask<SensorSettingsOverrides> SetAsync(ImmutableSortedDictionary<string, string> values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var next = SensorSettings.Merge(_state.State.Overrides, values);
        SensorSettings.Apply(_options, next.Values);
        _state.State.Overrides = next;
        await _state.WriteStateAsync(cancellationToken);
        var group = this.GetPrimaryKeyString();
        var changes = string.Join(", ", values.Select(pair => $"{pair.Key}={pair.Value}"));
        LogChanged(group, changes, next.Version);
        return next;
    }

    public async ValueTask<SensorSettingsOverrides> ResetAsync(CancellationToken cancellationToken = default)
    {
        _state.State.Overrides = SensorSettings.Cleared(_state.State.Overrides);
        await _state.WriteStateAsync(cancellationToken);
        var group = this.GetPrimaryKeyString();
        LogChanged(group, "(reset)", _state.State.Overrides.Version);
        return _state.State.Overrides;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model group {Group}: sensor settings changed: {Changes} (version {Version})")]
    private partial void LogChanged(string group, string changes, long version);
}
