using System.Security.Cryptography;
using System.Text;

namespace StreamRnn.Contracts;

/// <summary>
/// A suppression made or lifted, as published on <c>Kafka:AlertEventsTopic</c> beside the alerts' lifecycle events
/// (JSON: <see cref="SuppressionEventJson"/>; told apart by its <see cref="Transition"/> and by having no <c>alertId</c>).
/// <see cref="EventId"/> is derived from (target, when it was made, transition), so a retried one carries the same id.
/// </summary>
[GenerateSerializer, Immutable, Alias("streamrnn.suppression-event")]
public sealed record SuppressionEvent(
    [property: Id(0)] string EventId,
    [property: Id(1)] SuppressionTransitionKind Transition,
    [property: Id(2)] string? SensorId,
    [property: Id(3)] AlertKind? Kind,
    [property: Id(4)] DateTimeOffset Until,
    [property: Id(5)] string By,
    [property: Id(6)] string Reason,
    [property: Id(7)] DateTimeOffset At)
{
    /// <summary>The event of <paramref name="transition"/> for <paramref name="suppression"/>, by <paramref name="action"/>.</summary>
    public static SuppressionEvent Of(AlertSuppression suppression, SuppressionTransitionKind transition, AlertAction action)
    {
        ArgumentNullException.ThrowIfNull(suppression);
        ArgumentNullException.ThrowIfNull(action);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"suppression\n{suppression.SensorId}\n{suppression.Kind}\n{suppression.Made.At:O}\n{transition}"), hash);
        return new SuppressionEvent(Convert.ToHexStringLower(hash[..16]), transition, suppression.SensorId, suppression.Kind, suppression.Until, action.By, action.Reason, action.At);
    }
}
