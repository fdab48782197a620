using System.Text.Json;
using System.Text.Json.Serialization;

namespace StreamRnn.Evaluation;

/// <summary>Source-generated System.Text.Json metadata for <see cref="NabScoreReport"/>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(NabScoreReport))]
internal sealed partial class NabScoreReportJsonContext : JsonSerializerContext
{
}
