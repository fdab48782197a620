using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using StreamRnn.Contracts;

namespace StreamRnn.Grains;

/// <summary>A sensor's run-time settings: its overrides over its group's over the silo's.</summary>
public sealed partial class SensorGrain
{
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
        ReloadPipeline();
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
        if (_settings.FetchDue(_services.Clock.GetUtcNow(), force))
        {
            var group = await GrainFactory.GetGrain<ISensorGroupSettingsGrain>(_services.FineTuning.Group).GetAsync(cancellationToken);
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
            ReloadPipeline();
        }
        catch (ArgumentException exception)
        {
            // A group change can clash with this sensor's own overrides (a group MaxValue below the sensor's MinValue):
            // keep scoring with the settings in force and say why.
            LogSettingsRejected(exception, SensorId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sensor {SensorId}: settings changed: {Changes}")]
    private partial void LogSettingsChanged(string sensorId, string changes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sensor {SensorId}: its group's new settings clash with its own overrides; the settings in force are kept")]
    private partial void LogSettingsRejected(Exception exception, string sensorId);
}
