using System.Text.Json;
using System.Text.Json.Nodes;
using StreamRnn.Training;

namespace StreamRnn.Cli.Training;

/// <summary><c>metrics.json</c>: the test-set figures of the model and of persistence, overall and per horizon step.</summary>
internal static class TrainingReport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static JsonObject Build(TrainingResult result, string checkpointSha256, IReadOnlyList<long> workingSetPerEpoch)
    {
        ArgumentNullException.ThrowIfNull(result);
        var metrics = result.TestMetrics;
        var report = new JsonObject
        {
            ["cell"] = result.Options.Cell.ToString(),
            ["hiddenSize"] = result.Options.HiddenSize,
            ["layers"] = result.Options.Layers,
            ["horizon"] = result.Options.Horizon,
            ["inputLength"] = result.Options.InputLength,
            ["seed"] = result.Options.Seed,
            ["epochs"] = result.History.Count,
            ["bestEpoch"] = result.BestEpoch,
            ["bestValidationLoss"] = result.BestValidationLoss,
            ["stoppedEarly"] = result.StoppedEarly,
            ["cancelled"] = result.Cancelled,
            ["windowsPerSecond"] = result.WindowsPerSecond,
            ["wallTimeSeconds"] = result.WallTime.TotalSeconds,
            ["checkpointSha256"] = checkpointSha256,
            ["workingSetBytesPerEpoch"] = new JsonArray([.. workingSetPerEpoch.Select(bytes => (JsonNode)bytes)]),
            ["series"] = new JsonArray([.. result.Split.Series.Select(s => (JsonNode)new JsonObject
            {
                ["name"] = s.Series,
                ["trainSteps"] = s.Train.Length,
                ["validationSteps"] = s.Validation.Length,
                ["testSteps"] = s.Test.Length,
            })]),
        };
        if (metrics is not null)
        {
            report["testWindows"] = metrics.Count;
            report["model"] = Figures(metrics.Model);
            report["persistence"] = Figures(metrics.Persistence);
            report["skill"] = metrics.Skill;
            report["perStep"] = new JsonArray([.. Enumerable.Range(0, metrics.Horizon).Select(h => (JsonNode)new JsonObject
            {
                ["step"] = h + 1,
                ["model"] = Figures(metrics.ModelPerStep[h]),
                ["persistence"] = Figures(metrics.PersistencePerStep[h]),
                ["skill"] = metrics.SkillPerStep[h],
            })]);
        }

        return report;
    }

    public static void Save(JsonObject report, string path) => File.WriteAllText(path, report.ToJsonString(Indented));

    private static JsonObject Figures(ErrorMetrics metrics) => new()
    {
        ["mse"] = metrics.Mse,
        ["mae"] = metrics.Mae,
        ["rmse"] = metrics.Rmse,
        ["r2"] = metrics.R2,
    };
}
