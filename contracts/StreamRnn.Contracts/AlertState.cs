namespace StreamRnn.Contracts;

/// <summary>Where an alert stands in its lifecycle (see docs/OPERATIONS.md, "Alert lifecycle").</summary>
public enum AlertState
{
    /// <summary>Raised and published; nobody has taken it on yet.</summary>
    Open = 0,

    /// <summary>Someone has taken it on (who, why and when in <see cref="AlertRecord.Acknowledged"/>).</summary>
    Acknowledged = 1,

    /// <summary>Over: resolved by an operator, or by the sensor when its event ended.</summary>
    Resolved = 2,

    /// <summary>Raised while its sensor or kind was suppressed: recorded, not published on the alerts topic or stream.</summary>
    Suppressed = 3,
}
