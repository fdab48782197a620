using System.Globalization;
using System.Text.Json;

namespace StreamRnn.Evaluation;

/// <summary>
/// NAB's anomaly points: <c>labels/combined_labels.json</c>, a JSON object whose keys are data files relative to the
/// <c>data</c> folder and whose values are lists of anomaly timestamps (<c>"yyyy-MM-dd HH:mm:ss"</c>), each the
/// timestamp of one of the file's rows. NAB draws its windows around these points (<see cref="NabWindowRule"/>).
/// </summary>
public sealed class NabAnomalyLabels
{
    /// <summary>Where the anomaly points lie under a NAB root folder, beside <see cref="NabLabels.RelativePath"/>.</summary>
    public const string RelativePath = "labels/combined_labels.json";

    private static readonly string[] TimestampFormats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.ffffff"];

    private readonly Dictionary<string, IReadOnlyList<DateTime>> _anomalies;

    private NabAnomalyLabels(Dictionary<string, IReadOnlyList<DateTime>> anomalies) => _anomalies = anomalies;

    /// <summary>The labelled files, in ordinal order.</summary>
    public IReadOnlyList<string> Keys => [.. _anomalies.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The anomaly timestamps of one labelled file, in time order (empty for a file without anomalies).</summary>
    /// <exception cref="KeyNotFoundException">The file has no entry.</exception>
    public IReadOnlyList<DateTime> AnomaliesFor(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _anomalies.TryGetValue(key, out var anomalies)
            ? anomalies
            : throw new KeyNotFoundException($"The NAB anomaly labels have no entry for '{key}'.");
    }

    /// <summary>Reads a <c>combined_labels.json</c> file.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid anomaly labels file; the message names the file and key.</exception>
    public static NabAnomalyLabels Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses the text of a <c>combined_labels.json</c> file; <paramref name="sourceName"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">The text is not a valid anomaly labels file; the message names the source and key.</exception>
    public static NabAnomalyLabels Parse(string json, string sourceName) =>
        new(NabLabelsJson.ParseObject<IReadOnlyList<DateTime>>(json, sourceName, "[timestamp, ...]", property => ParseAnomalies(property, sourceName)));

    private static DateTime[] ParseAnomalies(JsonProperty property, string sourceName)
    {
        if (property.Value.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{sourceName}: key '{property.Name}': expected a list of timestamps, found {property.Value.ValueKind}.");
        }

        var anomalies = new List<DateTime>();
        foreach (var element in property.Value.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.String
                || !DateTime.TryParseExact(element.GetString(), TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var timestamp))
            {
                throw new InvalidDataException($"{sourceName}: key '{property.Name}': anomaly {anomalies.Count} has '{element}', not a timestamp of the form yyyy-MM-dd HH:mm:ss.");
            }

            if (anomalies.Count > 0 && timestamp <= anomalies[^1])
            {
                throw new InvalidDataException($"{sourceName}: key '{property.Name}': anomaly {anomalies.Count} ({element.GetString()}) is not after the one before; anomalies must be in time order.");
            }

            anomalies.Add(timestamp);
        }

        return [.. anomalies];
    }
}
