using System.Diagnostics.Metrics;
using StreamRnn.Contracts;
using StreamRnn.Telemetry;

namespace StreamRnn.Grains.Alerts;

/// <summary>Alert lifecycle instruments: transitions by kind of transition, alert kind and who made them.</summary>
public sealed class AlertTelemetry
{
    /// <summary>The <c>by</c> tag of a transition a person made (acknowledge, resolve, suppress); their name is not a tag.</summary>
    public const string ByPerson = "person";

    /// <summary>The <c>by</c> tag of a transition the sensor made (opened, or resolved because its event ended).</summary>
    public const string BySensor = "sensor";

    private readonly Counter<long> _transitions;

    public AlertTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _transitions = meterFactory.Create(StreamRnnTelemetry.MeterName)
            .CreateCounter<long>(StreamRnnTelemetry.AlertTransitions, "{transition}", "Alert lifecycle transitions, by transition, alert kind and who made them (sensor or person).");
    }

    public void Transitioned(AlertLifecycleEvent lifecycleEvent)
    {
        ArgumentNullException.ThrowIfNull(lifecycleEvent);
        _transitions.Add(
            1,
            new KeyValuePair<string, object?>("transition", lifecycleEvent.Transition.ToString().ToLowerInvariant()),
            new KeyValuePair<string, object?>("kind", lifecycleEvent.Kind.ToString().ToLowerInvariant()),
            new KeyValuePair<string, object?>("by", lifecycleEvent.By == AlertAction.Sensor ? BySensor : ByPerson));
    }
}
