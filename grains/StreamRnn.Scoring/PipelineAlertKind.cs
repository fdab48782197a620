namespace StreamRnn.Scoring;

/// <summary>What a <see cref="PipelineAlert"/> is about (the grain maps it to the contract's kind of the same name).</summary>
public enum PipelineAlertKind
{
    Anomaly,
    Stuck,
    Dropout,
    Spike,
    RateOfChange,
    OutOfRange,
}
