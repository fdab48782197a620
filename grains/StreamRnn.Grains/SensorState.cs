using System.Collections.Immutable;
using StreamRnn.Contracts;
using StreamRnn.Scoring;

namespace StreamRnn.Grains;

/// <summary>Everything a sensor must keep across deactivation, silo loss and migration.</summary>
[GenerateSerializer, Alias("streamrnn.sensor-state")]
public sealed class SensorState
{
    /// <summary>The recurrent hidden state (h, then c for an LSTM); empty before the first step.</summary>
    [Id(0)] public float[] HiddenState { get; set; } = [];

    /// <summary>The last applied Kafka offset of each partition: a reading at or below it is a redelivery.</summary>
    [Id(41)] public PartitionOffsetDictionary AppliedOffsets { get; set; } = new();

    /// <summary>
    /// The applied offsets as states written before <see cref="PartitionOffsetDictionary"/> stored them (a dictionary): read into
    /// <see cref="AppliedOffsets"/> when such a state is loaded, never written again (always null).
    /// </summary>
    [Id(4)]
    public Dictionary<int, long>? LegacyAppliedOffsets
    {
        get => null;
        set
        {
            foreach (var (partition, offset) in value ?? [])
            {
                AppliedOffsets[partition] = offset;
            }
        }
    }

    [Id(16)] public long AlertsRaised { get; set; }

    /// <summary>The model version that made <see cref="HiddenState"/>.</summary>
    [Id(20)] public int ModelVersion { get; set; }

    /// <summary>Recent model switches, oldest first (bounded).</summary>
    [Id(27)] public List<ModelSwitch> ModelSwitches { get; set; } = [];

    /// <summary>This sensor's run-time setting overrides (<c>streamrnn settings set --sensor</c>).</summary>
    [Id(34)] public SensorSettingsOverrides SettingsOverrides { get; set; } = SensorSettingsOverrides.None;

    /// <summary>The alert kinds with an event in progress (bit <c>1 &lt;&lt; kind</c>): the sensor directory's status.</summary>
    [Id(36)] public int OpenAlertKinds { get; set; }

    /// <summary>Of <see cref="OpenAlertKinds"/>, those whose event started inside a suppression.</summary>
    [Id(37)] public int SuppressedAlertKinds { get; set; }

    /// <summary>The id of the last alert event started, and its reading's time (for the sensor directory).</summary>
    [Id(38)] public string? LastAlertId { get; set; }

    [Id(39)] public DateTimeOffset? LastAlertAt { get; set; }

    /// <summary>When the sensor last reported to its directory shard (see <c>SensorDirectory:SeenInterval</c>).</summary>
    [Id(40)] public DateTimeOffset DirectoryReportedAt { get; set; }

    /// <summary>
    /// Normaliser, recent window, last forecast, scorer, failure-mode and dropout state: the bytes
    /// <see cref="Scoring.SensorPipeline.Save"/> wrote (versioned, <see cref="Scoring.SensorPipelineState.FormatVersion"/>).
    /// </summary>
    /// <remarks>
    /// While a sensor is active its pipeline lives as objects in the grain (<see cref="KeepPipelineLive"/>): the bytes are
    /// then made on demand, when Orleans serializes this state (a write, a migration), not kept beside the objects.
    /// Setting the bytes ends that.
    /// </remarks>
    [Id(35)]
    public byte[] Pipeline
    {
        get => _livePipeline?.Save() ?? _pipeline;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _pipeline = value;
            _livePipeline = null;
        }
    }

    [NonSerialized] private byte[] _pipeline = [];
    [NonSerialized] private SensorPipeline? _livePipeline;

    /// <summary>From now on <see cref="Pipeline"/> is what <paramref name="pipeline"/> saves (the bytes of it as it is then); the stored bytes are let go.</summary>
    public void KeepPipelineLive(SensorPipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        _livePipeline = pipeline;
        _pipeline = [];
    }

    /// <summary>Model switches kept for inspection.</summary>
    private const int SwitchesKept = 16;

    /// <summary>Records a model switch, keeping the last <see cref="SwitchesKept"/>.</summary>
    public void RecordSwitch(ModelSwitch modelSwitch)
    {
        ModelSwitches.Add(modelSwitch);
        if (ModelSwitches.Count > SwitchesKept)
        {
            ModelSwitches.RemoveAt(0);
        }
    }

    /// <summary>What <see cref="ISensorGrain.GetSnapshotAsync"/> shows: this state with <paramref name="pipeline"/>'s.</summary>
    public SensorSnapshot Snapshot(string sensorId, SensorPipeline pipeline)
    {
        var scoring = pipeline.State;
        return new SensorSnapshot(
            sensorId,
            scoring.ReadingsApplied,
            scoring.LastTimestamp,
            scoring.LastValue,
            [.. pipeline.LastForecast()],
            scoring.LastScore,
            ModelVersion,
            AlertsRaised,
            AppliedOffsets.ToImmutableDictionary(),
            [.. HiddenState])
        {
            ModelSwitches = [.. ModelSwitches],
            ForecastErrorEwma = scoring.ForecastErrorEwma,
        };
    }
}
