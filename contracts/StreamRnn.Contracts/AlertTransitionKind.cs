namespace StreamRnn.Contracts;

/// <summary>What happened to an alert (<see cref="AlertLifecycleEvent.Transition"/>).</summary>
public enum AlertTransitionKind
{
    /// <summary>Raised and open.</summary>
    Opened = 0,

    /// <summary>Raised inside a suppression: recorded, not published on the alerts topic.</summary>
    Suppressed = 1,

    /// <summary>An operator acknowledged it.</summary>
    Acknowledged = 2,

    /// <summary>An operator resolved it, or the sensor did when the event ended (by "sensor").</summary>
    Resolved = 3,
}
