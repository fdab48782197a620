namespace StreamRnn.Contracts;

/// <summary>Who did something to an alert (or made a suppression), why, and when.</summary>
[GenerateSerializer, Immutable, Alias("streamrnn.alert-action")]
public sealed record AlertAction(
    [property: Id(0)] string By,
    [property: Id(1)] string Reason,
    [property: Id(2)] DateTimeOffset At)
{
    /// <summary>The <see cref="By"/> of a resolution made by the sensor itself when its event ended.</summary>
    public const string Sensor = "sensor";
}
