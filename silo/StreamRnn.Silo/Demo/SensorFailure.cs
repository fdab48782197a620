namespace StreamRnn.Silo.Demo;

/// <summary>How a demo sensor fails, if it does.</summary>
public enum SensorFailure
{
    None = 0,
    Stuck = 1,
    Spike = 2,
    Drift = 3,
    Dropout = 4,
}
