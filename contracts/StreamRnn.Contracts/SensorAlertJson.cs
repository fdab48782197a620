using System.Text.Json;
using System.Text.Json.Serialization;

namespace StreamRnn.Contracts;

/// <summary>
/// The JSON form of an alert on the <c>sensor-alerts</c> topic: camelCase fields, kind as a lower-case
/// string, timestamps in ISO-8601, and <c>explanation</c> (why it fired) on starts and updates; members that are null
/// are left out. The schema is <c>contracts/schemas/sensor-alert.schema.json</c>.
/// </summary>
public static class SensorAlertJson
{
    public static byte[] Serialize(SensorAlert alert) => JsonSerializer.SerializeToUtf8Bytes(alert, SensorAlertJsonContext.Default.SensorAlert);

    public static SensorAlert? Deserialize(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize(json, SensorAlertJsonContext.Default.SensorAlert);
}
