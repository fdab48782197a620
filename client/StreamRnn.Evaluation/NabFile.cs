using System.Globalization;

namespace StreamRnn.Evaluation;

/// <summary>
/// One NAB data file, <c>data/&lt;folder&gt;/&lt;file&gt;.csv</c>: a <c>timestamp,value</c> header, then one row per
/// reading with a <c>yyyy-MM-dd HH:mm:ss</c> timestamp.
/// </summary>
/// <remarks>
/// Rows are kept in file order and timestamps are not required to increase: NAB's own files do not always
/// (<c>realKnownCause/ec2_request_latency_system_failure.csv</c> stamps twelve rows 2014-03-09 03:00:00, and
/// <c>realKnownCause/machine_temperature_system_failure.csv</c> steps back an hour once). NAB scores by row.
/// </remarks>
public sealed class NabFile
{
    /// <summary>The header every NAB data file starts with.</summary>
    public const string Header = "timestamp,value";

    private const string TimestampFormat = "yyyy-MM-dd HH:mm:ss";

    private readonly DateTime[] _timestamps;
    private readonly double[] _values;

    /// <summary>Creates a file from its rows.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public NabFile(string key, IReadOnlyList<DateTime> timestamps, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(timestamps);
        ArgumentNullException.ThrowIfNull(values);
        if (timestamps.Count != values.Count)
        {
            throw new ArgumentException($"'{key}': {timestamps.Count} timestamps but {values.Count} values.", nameof(values));
        }

        _timestamps = [.. timestamps];
        _values = [.. values];
        Key = key;
    }

    /// <summary>The file relative to the data folder, as in the labels (<c>"realKnownCause/nyc_taxi.csv"</c>).</summary>
    public string Key { get; }

    /// <summary>Each row's timestamp, in file order.</summary>
    public IReadOnlyList<DateTime> Timestamps => _timestamps;

    /// <summary>Each row's value.</summary>
    public IReadOnlyList<double> Values => _values;

    /// <summary>The number of data rows (the header not counted).</summary>
    public int RowCount => _timestamps.Length;

    /// <summary>Reads <c>&lt;dataDirectory&gt;/&lt;key&gt;</c>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A row is malformed; the message names the file and line.</exception>
    public static NabFile Load(string dataDirectory, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ArgumentException.ThrowIfNullOrEmpty(key);
        var path = Path.Combine(dataDirectory, key);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"NAB data file '{key}' not found at {path}.", path);
        }

        using var reader = new StreamReader(path);
        return Parse(reader, key, path);
    }

    /// <summary>
    /// Parses the text of a data file. LF and CRLF line ends are both accepted; blank lines at the end are ignored.
    /// </summary>
    /// <param name="reader">The file's text.</param>
    /// <param name="key">The file relative to the data folder.</param>
    /// <param name="sourceName">Names the file in errors.</param>
    /// <exception cref="InvalidDataException">The header or a row is malformed; the message names the source and line.</exception>
    public static NabFile Parse(TextReader reader, string key, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(sourceName);

        var header = reader.ReadLine();
        if (header is null || !string.Equals(header.Trim(), Header, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{sourceName}, line 1: expected the header '{Header}', found '{header}'.");
        }

        var timestamps = new List<DateTime>(4096);
        var values = new List<double>(4096);
        var lineNumber = 1;
        var blankLine = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                blankLine = blankLine == 0 ? lineNumber : blankLine;
                continue;
            }

            if (blankLine != 0)
            {
                throw new InvalidDataException($"{sourceName}, line {blankLine}: blank line between data rows.");
            }

            var comma = line.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0)
            {
                throw new InvalidDataException($"{sourceName}, line {lineNumber}: expected 'timestamp,value', found '{line}'.");
            }

            var timestampText = line.AsSpan(0, comma);
            var valueText = line.AsSpan(comma + 1);
            if (!DateTime.TryParseExact(timestampText, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var timestamp))
            {
                throw new InvalidDataException(
                    $"{sourceName}, line {lineNumber}: '{timestampText}' is not a timestamp of the form {TimestampFormat}.");
            }

            if (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new InvalidDataException($"{sourceName}, line {lineNumber}: '{valueText}' is not a number.");
            }

            timestamps.Add(timestamp);
            values.Add(value);
        }

        return new NabFile(key, timestamps, values);
    }
}
