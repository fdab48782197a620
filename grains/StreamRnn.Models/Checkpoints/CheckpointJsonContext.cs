using System.Text.Json;
using System.Text.Json.Serialization;

namespace StreamRnn.Models.Checkpoints;

/// <summary>Source-generated JSON metadata for the checkpoint header.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, WriteIndented = false)]
[JsonSerializable(typeof(CheckpointHeader))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext
{
}
