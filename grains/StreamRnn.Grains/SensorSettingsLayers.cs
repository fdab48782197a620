using StreamRnn.Contracts;
using StreamRnn.Grains.Training;
using StreamRnn.Scoring;

namespace StreamRnn.Grains;

/// <summary>
/// One sensor's settings in force: the silo's <see cref="SensorOptions"/>, then its group's overrides, then its own, and
/// the pipeline settings built (and validated) from them.
/// </summary>
internal sealed class SensorSettingsLayers
{
    private readonly SensorOptions _baseOptions;
    private readonly TimeSpan _syncInterval;
    private readonly TrainingWindowSettings? _trainingWindows;
    private DateTimeOffset _groupFetched = DateTimeOffset.MinValue;

    public SensorSettingsLayers(SensorOptions baseOptions, FineTuningOptions fineTuning)
    {
        _baseOptions = baseOptions;
        _syncInterval = fineTuning.SyncInterval;
        _trainingWindows = fineTuning.ContributeWindows
            ? new TrainingWindowSettings { Steps = fineTuning.WindowSteps, GuardReadings = fineTuning.GuardReadings }
            : null;
        Effective = baseOptions;
        Pipeline = baseOptions.ToPipelineSettings(_trainingWindows);
    }

    /// <summary>The group's overrides last fetched.</summary>
    public SensorSettingsOverrides Group { get; private set; } = SensorSettingsOverrides.None;

    /// <summary>The options in force.</summary>
    public SensorOptions Effective { get; private set; }

    /// <summary>The pipeline settings in force.</summary>
    public SensorPipelineSettings Pipeline { get; private set; }

    /// <summary>Whether the group's overrides are due to be fetched (<see cref="FineTuningOptions.SyncInterval"/> has passed, or forced); marks them fetched.</summary>
    public bool FetchDue(DateTimeOffset now, bool force)
    {
        if (!force && now - _groupFetched < _syncInterval)
        {
            return false;
        }

        _groupFetched = now;
        return true;
    }

    /// <summary>Takes the group's fetched overrides; true when they are new (or forced) and the settings must be recomputed.</summary>
    public bool TakeGroup(SensorSettingsOverrides group, bool force)
    {
        if (group.Version == Group.Version && !force)
        {
            return false;
        }

        Group = group;
        return true;
    }

    /// <summary>The options and pipeline settings with <paramref name="own"/> overrides on top of the silo's and the group's; throws <see cref="ArgumentException"/> naming a bad setting.</summary>
    public (SensorOptions Options, SensorPipelineSettings Pipeline) Build(SensorSettingsOverrides own)
    {
        var options = SensorSettings.Apply(_baseOptions, Group.Values, own.Values);
        return (options, options.ToPipelineSettings(_trainingWindows));
    }

    /// <summary>Puts built settings in force.</summary>
    public void Use((SensorOptions Options, SensorPipelineSettings Pipeline) built)
    {
        Effective = built.Options;
        Pipeline = built.Pipeline;
    }

    /// <summary>What <c>streamrnn settings</c> shows.</summary>
    public SensorSettingsView View(SensorSettingsOverrides own) => new(own, Group, SensorSettings.Describe(Effective));
}
