namespace StreamRnn.Contracts;

/// <summary>A sensor's status in the <see cref="ISensorDirectoryGrain"/> (its own events, as the sensor reports them).</summary>
public enum SensorDirectoryStatus
{
    /// <summary>No event in progress.</summary>
    Normal = 0,

    /// <summary>An event in progress (anomaly, spike, rate of change, out of range).</summary>
    Event = 1,

    /// <summary>A stuck-value event in progress.</summary>
    Stuck = 2,

    /// <summary>A dropout event in progress.</summary>
    Silent = 3,

    /// <summary>An event in progress that was raised inside a suppression.</summary>
    Quarantined = 4,
}
