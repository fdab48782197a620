using StreamRnn.Contracts;

namespace StreamRnn.Grains;

/// <summary>Everything a sensor must keep across deactivation, silo loss and migration.</summary>
[GenerateSerializer, Alias("streamrnn.sensor-state")]
public sealed class SensorState
{
    /// <summary>The recurrent hidden state (h, then c for an LSTM); empty before the first step.</summary>
    [Id(0)] public float[] HiddenState { get; set; } = [];

    /// <summary>Normaliser moments, per channel.</summary>
    [Id(1)] public long NormalizerCount { get; set; }
    [Id(2)] public double[] NormalizerMeans { get; set; } = [];
    [Id(3)] public double[] NormalizerVariances { get; set; } = [];

    /// <summary>The last applied Kafka offset of each partition: a reading at or below it is a redelivery.</summary>
    [Id(4)] public Dictionary<int, long> AppliedOffsets { get; set; } = [];

    /// <summary>Recent raw values of the first channel, oldest first.</summary>
    [Id(5)] public double[] RecentValues { get; set; } = [];

    /// <summary>The forecast (normalised) made after the last applied reading, for the next steps.</summary>
    [Id(6)] public float[] LastForecast { get; set; } = [];

    /// <summary>Failure-mode and event state.</summary>
    [Id(11)] public int StuckRunLength { get; set; }
    [Id(12)] public bool StuckActive { get; set; }
    [Id(13)] public bool AnomalyActive { get; set; }
    [Id(14)] public bool DropoutActive { get; set; }

    [Id(15)] public long ReadingsApplied { get; set; }
    [Id(16)] public long AlertsRaised { get; set; }
    [Id(17)] public double? LastValue { get; set; }
    [Id(18)] public DateTimeOffset? LastTimestamp { get; set; }
    [Id(19)] public double LastScore { get; set; }
    [Id(20)] public int ModelVersion { get; set; }
    [Id(21)] public int LastPartition { get; set; }
    [Id(22)] public long LastOffset { get; set; } = -1;

    /// <summary>When the last reading arrived (silo clock) and the usual gap between arrivals, for dropout.</summary>
    [Id(23)] public DateTimeOffset? LastArrival { get; set; }
    [Id(24)] public double MeanArrivalGapSeconds { get; set; }

    /// <summary>Recent normalised model inputs (all channels, step-major, oldest first): for re-warming after a switch and for training windows.</summary>
    [Id(25)] public float[] RecentInputs { get; set; } = [];

    /// <summary>Recent model switches, oldest first (bounded).</summary>
    [Id(27)] public List<StreamRnn.Contracts.ModelSwitch> ModelSwitches { get; set; } = [];

    /// <summary>The reading count at the last alert of any kind; -1 before any.</summary>
    [Id(28)] public long LastAlertReading { get; set; } = -1;

    /// <summary>The reading count at which the last training window ended.</summary>
    [Id(29)] public long LastContributionReading { get; set; }

    /// <summary>Exponentially weighted mean squared one-step forecast error (normalised units).</summary>
    [Id(30)] public double ForecastErrorEwma { get; set; }

    /// <summary>The version that made <see cref="LastForecast"/>.</summary>
    [Id(31)] public int LastForecastVersion { get; set; }

    /// <summary>The anomaly scorer (likelihoods, seasonal profile, event and failure-mode detectors) as <see cref="Inference.Scoring.SensorScorer.Save"/> wrote it.</summary>
    [Id(32)] public byte[] ScorerState { get; set; } = [];

    /// <summary>The longest run of equal values this sensor had that raised no stuck alert: a run must be twice as long to count as stuck.</summary>
    [Id(33)] public int LongestNormalRun { get; set; }

    /// <summary>This sensor's run-time setting overrides (<c>streamrnn settings set --sensor</c>).</summary>
    [Id(34)] public SensorSettingsOverrides SettingsOverrides { get; set; } = SensorSettingsOverrides.None;
}
