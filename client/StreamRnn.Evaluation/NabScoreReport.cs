using System.Text.Json;

namespace StreamRnn.Evaluation;

/// <summary>
/// The <c>scores.json</c> a NAB run writes: the detector's name and its <see cref="NabEvaluationResult"/>.
/// Written with System.Text.Json's source-generated metadata: camelCase names, numbers in the invariant form
/// (System.Text.Json never uses the current culture), doubles to full round-trip precision.
/// </summary>
/// <param name="Detector">The detector's name.</param>
/// <param name="Benchmark">The rule set, <see cref="BenchmarkName"/>.</param>
/// <param name="ConfiguredThreshold">The operational threshold.</param>
/// <param name="FileCount">Files in the corpus.</param>
/// <param name="RowCount">Rows in the corpus.</param>
/// <param name="ScoredRowCount">Rows after probation.</param>
/// <param name="WindowCount">Scored windows.</param>
/// <param name="Profiles">Per profile: null and perfect scores, and the results at the optimised and configured thresholds, with per-file breakdowns.</param>
public sealed record NabScoreReport(
    string Detector,
    string Benchmark,
    double ConfiguredThreshold,
    int FileCount,
    int RowCount,
    int ScoredRowCount,
    int WindowCount,
    IReadOnlyList<NabProfileResult> Profiles)
{
    /// <summary>The scoring rules this library implements.</summary>
    public const string BenchmarkName = "NAB v1.1";

    /// <summary>The report of <paramref name="detector"/>'s <paramref name="result"/>.</summary>
    public static NabScoreReport Create(string detector, NabEvaluationResult result)
    {
        ArgumentException.ThrowIfNullOrEmpty(detector);
        ArgumentNullException.ThrowIfNull(result);
        return new NabScoreReport(
            detector,
            BenchmarkName,
            result.ConfiguredThreshold,
            result.FileCount,
            result.RowCount,
            result.ScoredRowCount,
            result.WindowCount,
            result.Profiles);
    }

    /// <summary>The report as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, NabScoreReportJsonContext.Default.NabScoreReport);

    /// <summary>Writes the report as indented UTF-8 JSON.</summary>
    public Task WriteAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return JsonSerializer.SerializeAsync(stream, this, NabScoreReportJsonContext.Default.NabScoreReport, cancellationToken);
    }

    /// <summary>Writes the report to <paramref name="path"/> (usually <c>scores.json</c>), replacing any file there.</summary>
    public async Task SaveAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = File.Create(path);
        await using (stream.ConfigureAwait(false))
        {
            await WriteAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    /// <exception cref="JsonException">The text is not a report.</exception>
    public static NabScoreReport FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize(json, NabScoreReportJsonContext.Default.NabScoreReport)
            ?? throw new JsonException("The JSON text is null, not a NAB score report.");
    }
}
