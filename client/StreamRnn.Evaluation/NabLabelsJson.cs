using System.Text.Json;

namespace StreamRnn.Evaluation;

/// <summary>What NAB's two label files share: a JSON object whose keys are data files and whose values say what each holds.</summary>
internal static class NabLabelsJson
{
    /// <summary>
    /// Parses <paramref name="json"/> as an object of file → value, each value read by <paramref name="parseValue"/>;
    /// <paramref name="sourceName"/> names the source and <paramref name="shape"/> what its values should be in errors.
    /// </summary>
    /// <exception cref="InvalidDataException">Not JSON, not an object, or a key twice; <paramref name="parseValue"/>'s own errors pass through.</exception>
    public static Dictionary<string, T> ParseObject<T>(string json, string sourceName, string shape, Func<JsonProperty, T> parseValue)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(sourceName);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{sourceName}: not valid JSON: {exception.Message}", exception);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{sourceName}: expected a JSON object of file → {shape}, found {document.RootElement.ValueKind}.");
            }

            var values = new Dictionary<string, T>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (values.ContainsKey(property.Name))
                {
                    throw new InvalidDataException($"{sourceName}: key '{property.Name}' appears more than once.");
                }

                values.Add(property.Name, parseValue(property));
            }

            return values;
        }
    }
}
