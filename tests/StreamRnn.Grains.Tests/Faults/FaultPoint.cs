namespace StreamRnn.Grains.Tests.Faults;

/// <summary>Where a one-shot fault can be injected into a sensor's apply or checkpoint.</summary>
public enum FaultPoint
{
    AlertSink,
    ScoreSink,
    Batcher,
    GrainStorage,
}
