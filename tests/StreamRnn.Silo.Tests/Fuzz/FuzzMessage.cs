namespace StreamRnn.Silo.Tests.Fuzz;

/// <summary>
/// One message the fuzz test writes to the readings topic, and what ingest must do with it: apply it to
/// <see cref="GoodSensor"/> (a valid reading), or dead-letter it with one of <see cref="Reasons"/>.
/// </summary>
public sealed record FuzzMessage(byte[]? Key, byte[] Value, string Kind, string? GoodSensor, IReadOnlySet<string> Reasons)
{
    public static FuzzMessage Good(string sensorId, byte[] value, string kind = "good") =>
        new(System.Text.Encoding.UTF8.GetBytes(sensorId), value, kind, sensorId, new HashSet<string>());

    public static FuzzMessage Bad(byte[]? key, byte[] value, string kind, params string[] reasons) =>
        new(key, value, kind, null, new HashSet<string>(reasons, StringComparer.Ordinal));
}
