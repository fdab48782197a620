using System.Text.Json;
using System.Text.Json.Serialization;

namespace StreamRnn.Contracts;

/// <summary>
/// The JSON form of an <see cref="AlertLifecycleEvent"/> on <c>sensor-alert-events</c>: camelCase fields, enums as
/// strings (e.g. <c>"transition":"Acknowledged"</c>), times in ISO-8601. Documented in docs/OPERATIONS.md.
/// </summary>
public static class AlertLifecycleEventJson
{
    public static byte[] Serialize(AlertLifecycleEvent lifecycleEvent) => JsonSerializer.SerializeToUtf8Bytes(lifecycleEvent, AlertLifecycleEventJsonContext.Default.AlertLifecycleEvent);

    /// <summary>The alert's lifecycle event in <paramref name="json"/>, or null when it is a <see cref="SuppressionEvent"/> (the same topic carries both).</summary>
    public static AlertLifecycleEvent? Deserialize(ReadOnlySpan<byte> json) =>
        SuppressionEventJson.IsSuppressionEvent(json) ? null : JsonSerializer.Deserialize(json, AlertLifecycleEventJsonContext.Default.AlertLifecycleEvent);
}

/// <summary>Source-generated System.Text.Json metadata for <see cref="AlertLifecycleEvent"/>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(AlertLifecycleEvent))]
internal sealed partial class AlertLifecycleEventJsonContext : JsonSerializerContext
{
}
