using StreamRnn.Contracts;

namespace StreamRnn.WebConsole;

/// <summary>
/// A sensor's status as the console shows it: <c>quarantined</c> while a suppression covers every kind of its alerts or
/// one of its events in progress was raised inside a suppression, <c>silent</c> during a dropout event, <c>stuck</c>
/// during a stuck event, <c>event</c> during any other event, else <c>normal</c>. The list reads it from the sensor
/// directory (<see cref="Listed"/>: the events as the sensor reports them); a sensor the directory does not list gets it
/// from its alerts (<see cref="Of"/>).
/// </summary>
public static class SensorStatus
{
    public const string Normal = "normal";
    public const string InEvent = "event";
    public const string Stuck = "stuck";
    public const string Silent = "silent";
    public const string Quarantined = "quarantined";

    /// <summary>The status of a listed sensor: the directory's, or <c>quarantined</c> while a suppression covers all its kinds.</summary>
    public static string Listed(SensorDirectoryEntry entry, IReadOnlyCollection<AlertSuppression> suppressions, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(suppressions);
        if (suppressions.Any(s => s.SensorId == entry.SensorId && s.Kind is null && now < s.Until))
        {
            return Quarantined;
        }

        return entry.Status switch
        {
            SensorDirectoryStatus.Quarantined => Quarantined,
            SensorDirectoryStatus.Silent => Silent,
            SensorDirectoryStatus.Stuck => Stuck,
            SensorDirectoryStatus.Event => InEvent,
            _ => Normal,
        };
    }

    /// <summary>The status of a sensor from its alerts (newest first) and the suppressions in force.</summary>
    public static string Of(string sensorId, IReadOnlyCollection<AlertRecord> alerts, IReadOnlyCollection<AlertSuppression> suppressions, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(suppressions);
        var ongoing = alerts.Where(a => a.State is AlertState.Open or AlertState.Acknowledged or AlertState.Suppressed).ToList();
        if (ongoing.Any(a => a.State == AlertState.Suppressed) || suppressions.Any(s => s.SensorId == sensorId && s.Kind is null && now < s.Until))
        {
            return Quarantined;
        }

        if (ongoing.Any(a => a.Kind == AlertKind.Dropout))
        {
            return Silent;
        }

        if (ongoing.Any(a => a.Kind == AlertKind.Stuck))
        {
            return Stuck;
        }

        return ongoing.Count > 0 ? InEvent : Normal;
    }
}
