using System.Globalization;
using System.Runtime.CompilerServices;

namespace StreamRnn.Client;

/// <summary>
/// Reads <c>timestamp,value[,value…]</c> CSV files, NAB's layout included (a header line, timestamps
/// like <c>2014-04-01 00:00:00</c>, taken as UTC when they carry no offset).
/// </summary>
public static class CsvSeriesReader
{
    /// <summary>Characters of a bad line quoted in an error message.</summary>
    private const int QuotedLength = 40;

    public static async IAsyncEnumerable<SeriesPoint> ReadAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(path);
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length < 2)
            {
                throw new FormatException($"{path}:{lineNumber}: expected timestamp,value; got '{Truncate(line)}'.");
            }

            if (!TryParseTimestamp(fields[0], out var timestamp))
            {
                if (lineNumber == 1)
                {
                    continue; // header
                }

                throw new FormatException($"{path}:{lineNumber}: '{Truncate(fields[0])}' is not a timestamp.");
            }

            var values = new double[fields.Length - 1];
            for (var i = 1; i < fields.Length; i++)
            {
                if (!double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i - 1]))
                {
                    throw new FormatException($"{path}:{lineNumber}: '{Truncate(fields[i])}' is not a number.");
                }
            }

            yield return new SeriesPoint(timestamp, values);
        }
    }

    public static bool TryParseTimestamp(string text, out DateTimeOffset timestamp) =>
        DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out timestamp);

    private static string Truncate(string text) => text.Length <= QuotedLength ? text : text[..QuotedLength] + "…";
}
