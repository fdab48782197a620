using System.Text.Json;
using System.Text.Json.Serialization;

namespace StreamRnn.Contracts;

/// <summary>
/// The JSON form of a <see cref="SuppressionEvent"/> on the alert events topic: camelCase, enums as strings
/// (<c>"transition":"SuppressionLifted"</c>), times in ISO-8601; <c>contracts/schemas/suppression-event.schema.json</c>.
/// </summary>
public static class SuppressionEventJson
{
    public static byte[] Serialize(SuppressionEvent suppressionEvent) => JsonSerializer.SerializeToUtf8Bytes(suppressionEvent, SuppressionEventJsonContext.Default.SuppressionEvent);

    /// <summary>The suppression event in <paramref name="json"/>, or null when it is an alert's lifecycle event.</summary>
    public static SuppressionEvent? Deserialize(ReadOnlySpan<byte> json) =>
        IsSuppressionEvent(json) ? JsonSerializer.Deserialize(json, SuppressionEventJsonContext.Default.SuppressionEvent) : null;

    /// <summary>Whether a message on the alert events topic is a suppression event (its transition names a suppression).</summary>
    public static bool IsSuppressionEvent(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("transition"u8))
            {
                reader.Read();
                return reader.TokenType == JsonTokenType.String && reader.GetString() is nameof(SuppressionTransitionKind.SuppressionMade) or nameof(SuppressionTransitionKind.SuppressionLifted);
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth > 0)
            {
                reader.Skip();
            }
        }

        return false;
    }
}

/// <summary>Source-generated System.Text.Json metadata for <see cref="SuppressionEvent"/>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(SuppressionEvent))]
internal sealed partial class SuppressionEventJsonContext : JsonSerializerContext
{
}
