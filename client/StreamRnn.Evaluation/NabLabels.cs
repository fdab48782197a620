using System.Globalization;
using System.Text.Json;

namespace StreamRnn.Evaluation;

/// <summary>
/// NAB's ground truth: <c>labels/combined_windows.json</c>, a JSON object whose keys are data files relative to
/// the <c>data</c> folder (<c>"realKnownCause/nyc_taxi.csv"</c>) and whose values are lists of
/// <c>[start, end]</c> timestamp pairs (<c>"yyyy-MM-dd HH:mm:ss.ffffff"</c>).
/// </summary>
public sealed class NabLabels
{
    /// <summary>Where the windows file lies under a NAB root folder.</summary>
    public const string RelativePath = "labels/combined_windows.json";

    private static readonly string[] TimestampFormats = ["yyyy-MM-dd HH:mm:ss.ffffff", "yyyy-MM-dd HH:mm:ss"];

    private readonly Dictionary<string, IReadOnlyList<NabWindow>> _windows;

    private NabLabels(Dictionary<string, IReadOnlyList<NabWindow>> windows)
    {
        _windows = windows;
        Keys = [.. windows.Keys.Order(StringComparer.Ordinal)];
        WindowCount = windows.Values.Sum(list => list.Count);
    }

    /// <summary>The labelled files, in ordinal order (<c>"realKnownCause/nyc_taxi.csv"</c>).</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>The number of windows over all files.</summary>
    public int WindowCount { get; }

    /// <summary>Every file's windows, in time order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<NabWindow>> Windows => _windows;

    /// <summary>The windows of one labelled file, in time order (empty for a file without anomalies).</summary>
    /// <exception cref="KeyNotFoundException">The file has no entry in the labels.</exception>
    public IReadOnlyList<NabWindow> WindowsFor(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _windows.TryGetValue(key, out var windows)
            ? windows
            : throw new KeyNotFoundException($"The NAB labels have no entry for '{key}'.");
    }

    /// <summary>Labels with the given windows per file (each list in time order); for subsets and cut corpora.</summary>
    public static NabLabels Create(IEnumerable<KeyValuePair<string, IReadOnlyList<NabWindow>>> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        return new NabLabels(windows.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal));
    }

    /// <summary>Reads a <c>combined_windows.json</c> file.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid windows file; the message names the file and key.</exception>
    public static NabLabels Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses the text of a <c>combined_windows.json</c> file; <paramref name="sourceName"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">The text is not a valid windows file; the message names the source and key.</exception>
    public static NabLabels Parse(string json, string sourceName) =>
        new(NabLabelsJson.ParseObject<IReadOnlyList<NabWindow>>(json, sourceName, "[[start, end], ...]", property => ParseWindows(property, sourceName)));

    private static NabWindow[] ParseWindows(JsonProperty property, string sourceName)
    {
        var key = property.Name;
        if (property.Value.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException(
                $"{sourceName}: key '{key}': expected a list of [start, end] pairs, found {property.Value.ValueKind}.");
        }

        var windows = new List<NabWindow>();
        var index = 0;
        foreach (var pair in property.Value.EnumerateArray())
        {
            if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2)
            {
                throw new InvalidDataException($"{sourceName}: key '{key}': window {index} is not a [start, end] pair.");
            }

            var start = ParseTimestamp(pair[0], sourceName, key, index);
            var end = ParseTimestamp(pair[1], sourceName, key, index);
            if (end < start)
            {
                throw new InvalidDataException(
                    $"{sourceName}: key '{key}': window {index} ends ({pair[1].GetString()}) before it starts ({pair[0].GetString()}).");
            }

            if (windows.Count > 0 && start <= windows[^1].End)
            {
                throw new InvalidDataException(
                    $"{sourceName}: key '{key}': window {index} (from {pair[0].GetString()}) does not start after window {index - 1} ends; windows must be in time order and must not overlap.");
            }

            windows.Add(new NabWindow(start, end));
            index++;
        }

        return [.. windows];
    }

    private static DateTime ParseTimestamp(JsonElement element, string sourceName, string key, int index)
    {
        if (element.ValueKind == JsonValueKind.String
            && DateTime.TryParseExact(element.GetString(), TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var timestamp))
        {
            return timestamp;
        }

        throw new InvalidDataException(
            $"{sourceName}: key '{key}': window {index} has '{element}', not a timestamp of the form yyyy-MM-dd HH:mm:ss.ffffff.");
    }
}
