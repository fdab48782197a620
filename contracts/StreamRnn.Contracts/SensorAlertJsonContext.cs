using System.Text.Json;
using System.Text.Json.Serialization;

namespace StreamRnn.Contracts;

/// <summary>Source-generated System.Text.Json metadata for <see cref="SensorAlert"/> and <see cref="SensorScore"/>.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SensorAlert))]
[JsonSerializable(typeof(SensorScore))]
internal sealed partial class SensorAlertJsonContext : JsonSerializerContext
{
}
