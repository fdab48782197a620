using System.Globalization;

namespace StreamRnn.Contracts;

/// <summary>An alert as one line of text, as <c>streamrnn alerts</c> prints it: what, where, the numbers and why it fired.</summary>
public static class SensorAlertText
{
    /// <summary>
    /// E.g. <c>2026-01-01T05:00:00.0000000+00:00 ANOMALY pump-7 value=93.1 expected=44.5 score=0.61224 model=v1 id=… | anomaly
    /// on ch0: 93.1 vs expected 41.2–47.9 (forecast likelihood z=7.9, error 48.6 vs usual 1.13±0.2)</c>; an end says
    /// <c>END</c> after the kind and has no explanation.
    /// </summary>
    public static string Format(SensorAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var kind = alert.Kind.ToString().ToUpperInvariant() + (alert.Phase == AlertPhase.Start ? string.Empty : " " + alert.Phase.ToString().ToUpperInvariant());
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"{alert.Timestamp:O} {kind,-8} {alert.SensorId} value={alert.Value:G6} expected={alert.Expected:G6} score={alert.Score:F5} model=v{alert.ModelVersion} id={alert.AlertId}");
        return alert.Explanation is { } explanation ? line + " | " + explanation.Describe() : line;
    }
}
