using System.Text.Json;

namespace StreamRnn.Contracts;

/// <summary>The JSON form of a score on the scores topic: camelCase fields, timestamps in ISO-8601.</summary>
public static class SensorScoreJson
{
    public static byte[] Serialize(SensorScore score) => JsonSerializer.SerializeToUtf8Bytes(score, SensorAlertJsonContext.Default.SensorScore);

    public static SensorScore? Deserialize(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize(json, SensorAlertJsonContext.Default.SensorScore);
}
