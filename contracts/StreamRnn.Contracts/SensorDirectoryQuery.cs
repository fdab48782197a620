namespace StreamRnn.Contracts;

/// <summary>
/// A page of the sensor directory: ids containing <see cref="Contains"/> (any case; null: all), in id order, after the
/// id <see cref="After"/> (the previous page's <see cref="SensorDirectoryPage.Next"/>; null: from the start), at most
/// <see cref="Limit"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("streamrnn.sensor-directory-query")]
public sealed record SensorDirectoryQuery(
    [property: Id(0)] string? Contains = null,
    [property: Id(1)] string? After = null,
    [property: Id(2)] int Limit = 100)
{
    /// <summary>Whether <paramref name="sensorId"/> belongs on this page or a later one.</summary>
    public bool Matches(string sensorId) =>
        (After is null || string.CompareOrdinal(sensorId, After) > 0)
        && (string.IsNullOrEmpty(Contains) || sensorId.Contains(Contains, StringComparison.OrdinalIgnoreCase));
}
