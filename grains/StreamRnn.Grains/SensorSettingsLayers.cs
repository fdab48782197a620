using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
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
    /// <summary>Distinct settings kept per silo options before the cache starts over (group changes are rare).</summary>
    private const int SharedKept = 64;

    /// <summary>
    /// Settings built for sensors with no overrides of their own, per silo options: every such sensor of a group holds the
    /// same objects (each sensor building its own cost about 850 bytes of it).
    /// </summary>
    private static readonly ConditionalWeakTable<SensorOptions, ConcurrentDictionary<SharedKey, (SensorOptions Options, SensorPipelineSettings Pipeline)>> Shared = new();

    /// <summary>The training-window settings of each fine-tuning options object: one for every sensor of the silo.</summary>
    private static readonly ConditionalWeakTable<FineTuningOptions, TrainingWindowSettings> TrainingWindows = new();

    private readonly SensorOptions _baseOptions;
    private readonly TimeSpan _syncInterval;
    private readonly TrainingWindowSettings? _trainingWindows;
    private DateTimeOffset _groupFetched = DateTimeOffset.MinValue;

    public SensorSettingsLayers(SensorOptions baseOptions, FineTuningOptions fineTuning)
    {
        _baseOptions = baseOptions;
        _syncInterval = fineTuning.SyncInterval;
        _trainingWindows = fineTuning.ContributeWindows
            ? TrainingWindows.GetValue(fineTuning, static options => new TrainingWindowSettings { Steps = options.WindowSteps, GuardReadings = options.GuardReadings })
            : null;
        (Effective, Pipeline) = Build(SensorSettingsOverrides.None);
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
        if (own.Values.Count > 0)
        {
            return BuildOwn(own);
        }

        var shared = Shared.GetValue(_baseOptions, static _ => new ConcurrentDictionary<SharedKey, (SensorOptions, SensorPipelineSettings)>());
        var key = new SharedKey(
            _trainingWindows?.Steps ?? 0,
            _trainingWindows?.GuardReadings ?? 0,
            Group.Version,
            string.Join('\n', Group.Values.Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Key}={pair.Value}"))));
        if (shared.TryGetValue(key, out var built))
        {
            return built;
        }

        // Throws for bad settings before anything is kept.
        built = BuildOwn(own);
        if (shared.Count >= SharedKept)
        {
            shared.Clear();
        }

        return shared.GetOrAdd(key, built);
    }

    private (SensorOptions Options, SensorPipelineSettings Pipeline) BuildOwn(SensorSettingsOverrides own)
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

    private sealed record SharedKey(int WindowSteps, int GuardReadings, long GroupVersion, string GroupValues);
}
