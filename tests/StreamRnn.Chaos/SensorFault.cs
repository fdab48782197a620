namespace StreamRnn.Chaos;

/// <summary>The fault a synthetic sensor develops halfway through what follows its learning period.</summary>
internal enum SensorFault
{
    None,
    Spike,
    Stuck,
    Drift,
}
