using System.CommandLine;
using System.Globalization;
using System.Text;
using Spectre.Console;
using StreamRnn.Client;
using StreamRnn.Models.Checkpoints;
using StreamRnn.Training.Offline;
using StreamRnn.Training;

namespace StreamRnn.Cli.Commands;

/// <summary>
/// <c>streamrnn score &lt;csv&gt; --checkpoint &lt;file&gt; [--bidirectional]</c>: re-scores a whole series offline and
/// writes <c>timestamp,value,expected,error,anomaly_score</c> per row. Causal mode gives the scores a live
/// sensor with the silo's default settings would have published (the same scorer, on the file's timestamps);
/// bidirectional mode uses the checkpoint's scorer, which sees both sides of each step.
/// </summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("csv") { Description = "timestamp,value[,value…] CSV series (NAB layout accepted)." };
        var checkpoint = new Option<FileInfo>("--checkpoint") { Description = "A checkpoint written by streamrnn train.", Required = true };
        var bidirectional = new Option<bool>("--bidirectional") { Description = "Score with the checkpoint's bidirectional scorer (train --with-scorer) over complete windows instead of causally." };
        var output = new Option<FileInfo?>("--out") { Description = "Where to write the scores (default: <csv name>.scores.csv beside the input)." };
        var command = new Command("score", "Re-score a CSV series offline with a trained checkpoint.") { file, checkpoint, bidirectional, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var input = parse.GetValue(file)!;
            var mode = parse.GetValue(bidirectional) ? OfflineScoringMode.Bidirectional : OfflineScoringMode.Causal;
            var outputFile = parse.GetValue(output) ?? new FileInfo(Path.ChangeExtension(input.FullName, ".scores.csv"));
            try
            {
                var points = new List<SeriesPoint>();
                await foreach (var point in CsvSeriesReader.ReadAsync(input.FullName, cancellationToken))
                {
                    points.Add(point);
                }

                var values = new float[points.Count, points.Count == 0 ? 1 : points[0].Values.Length];
                for (var i = 0; i < points.Count; i++)
                {
                    for (var c = 0; c < values.GetLength(1); c++)
                    {
                        values[i, c] = (float)points[i].Values[c];
                    }
                }

                var series = new TimeSeries(Path.GetFileNameWithoutExtension(input.Name), values, [.. points.Select(point => point.Timestamp)]);
                using var scorer = new SeriesScorer(CheckpointFile.Load(parse.GetValue(checkpoint)!.FullName));
                var result = await Task.Run(() => scorer.Score(series, mode, cancellationToken), cancellationToken);
                await WriteAsync(outputFile.FullName, points, result, cancellationToken);
                var peak = result.Rows[result.MaxScoreStep];
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                    $"{mode} scores of {result.Rows.Count} rows → {outputFile.FullName}; mean error {result.MeanError:G5}; highest score {result.MaxScore:F6} at row {peak.Step + 1} ({points[peak.Step].Timestamp:O})");
                return ExitCodes.Success;
            }
            catch (Exception exception) when (exception is CheckpointException or FormatException or IOException or ArgumentException)
            {
                await Console.Error.WriteLineAsync(exception.Message);
                return ExitCodes.InvalidInput;
            }
        });
        return command;
    }

    private static async Task WriteAsync(string path, List<SeriesPoint> points, SeriesScoringResult result, CancellationToken cancellationToken)
    {
        var text = new StringBuilder("timestamp,value,expected,error,anomaly_score\n");
        foreach (var row in result.Rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{points[row.Step].Timestamp:yyyy-MM-dd HH:mm:ss},{row.Value:R},{row.Expected:R},{row.Error:R},{row.Score:R}\n");
        }

        await File.WriteAllTextAsync(path, text.ToString(), cancellationToken);
    }
}
