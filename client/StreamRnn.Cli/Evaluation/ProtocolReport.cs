using System.Globalization;
using StreamRnn.Evaluation;

namespace StreamRnn.Cli.Evaluation;

/// <summary>The generalisation protocol's report, as Markdown: the full corpus, leave-one-folder-out, short files, sensitivity.</summary>
internal static class ProtocolReport
{
    public static string Format(
        NabDataset dataset,
        string replayMode,
        ProtocolRun defaults,
        FineTuningComparison? fineTuning,
        IReadOnlyList<ProtocolRun> variants,
        IReadOnlyDictionary<string, (IReadOnlyList<NabFoldResult> Chosen, IReadOnlyList<NabFoldResult> Defaults)> foldsByProfile,
        IReadOnlyList<(int Rows, ProtocolRun Run)> shortFiles,
        (IReadOnlyList<(int Rows, ProtocolRun Run)> Runs, string? MissingAnomalies) aroundAnomalies,
        IReadOnlyList<(int RowsPerReading, ProtocolRun Run)> slowerCadences,
        IReadOnlyList<TunedSetting> tuned,
        TimeSpan elapsed)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine("# Generalisation protocol").AppendLine();
        text.AppendLine(Invariant($"{dataset.Files.Count} files, {dataset.RowCount:N0} rows, {dataset.WindowCount} windows, folders: {string.Join(", ", dataset.Folders)}; {variants.Count + 1 + (fineTuning is null ? 0 : 1) + shortFiles.Count + aroundAnomalies.Runs.Count + slowerCadences.Count} replays in {elapsed.TotalMinutes:F1} min; {replayMode}.")).AppendLine();

        text.AppendLine("## The full corpus (the defaults)").AppendLine();
        text.AppendLine("| profile | optimised threshold | score | configured threshold | score | windows found | false positives |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var profile in defaults.Result.Profiles)
        {
            text.AppendLine(Invariant($"| {profile.Profile.Name} | {profile.Optimised.Threshold:G6} | {profile.Optimised.NormalisedScore:F2} | {profile.Configured.Threshold:G6} | {profile.Configured.NormalisedScore:F2} | {profile.Optimised.TruePositiveWindows} of {profile.Optimised.TruePositiveWindows + profile.Optimised.FalseNegativeWindows} | {profile.Optimised.FalsePositiveRows} |"));
        }

        if (fineTuning is not null)
        {
            AppendFineTuning(text, fineTuning);
        }

        foreach (var (profileName, (folds, defaultFolds)) in foldsByProfile)
        {
            text.AppendLine().AppendLine(Invariant($"## Leave one folder out ({profileName})")).AppendLine();
            text.AppendLine("Settings (a variant below) and threshold chosen on the other folders, scored unchanged on the held-out one; beside it, the defaults with only their threshold chosen there.").AppendLine();
            text.AppendLine("| held-out folder | chosen on the others | threshold | score on the others | held-out score | windows found | false positives | defaults, held out |");
            text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
            foreach (var fold in folds)
            {
                var defaultsFold = defaultFolds.Single(d => d.HeldOutFolder == fold.HeldOutFolder);
                text.AppendLine(Invariant($"| {fold.HeldOutFolder} | {fold.ChosenVariant} | {fold.ChosenThreshold:G6} | {fold.TrainingScore:F2} | {HeldOut(fold)} | {fold.TruePositiveWindows} of {fold.TruePositiveWindows + fold.FalseNegativeWindows} | {fold.FalsePositiveRows} | {HeldOut(defaultsFold)} |"));
            }

            if (NabLeaveOneFolderOut.HeldOutMean(folds) is { } mean)
            {
                text.AppendLine(Invariant($"| **mean** (folders with windows) | | | | **{mean:F2}** | | | **{Mean(defaultFolds)}** |"));
            }
        }

        text.AppendLine().AppendLine("## Short files (the defaults; windows clipped to what remains)").AppendLine();
        text.AppendLine("| first rows | files | windows | standard | low FP | low FN | windows found | false positives |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (rows, run) in shortFiles)
        {
            text.AppendLine(ScoreRow(Invariant($"{rows:N0} | {run.Result.FileCount}"), run));
        }

        text.AppendLine().AppendLine("## Short files around each anomaly (the defaults; NAB's windows drawn again for the length)").AppendLine();
        if (aroundAnomalies.MissingAnomalies is { } missing)
        {
            text.AppendLine(Invariant($"Not run: no anomaly points at {missing} (--anomalies)."));
        }
        else
        {
            text.AppendLine("| rows | files | windows | standard | low FP | low FN | windows found | false positives |");
            text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var (rows, run) in aroundAnomalies.Runs)
            {
                text.AppendLine(ScoreRow(Invariant($"{rows:N0} | {run.Result.FileCount}"), run));
            }
        }

        text.AppendLine().AppendLine("## Slower cadences (the defaults; every K rows averaged into one reading, windows kept in time)").AppendLine();
        text.AppendLine("| rows per reading | rows | windows | standard | low FP | low FN | windows found | false positives |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (rowsPerReading, run) in slowerCadences)
        {
            text.AppendLine(ScoreRow(Invariant($"{rowsPerReading} | {run.Result.RowCount:N0}"), run));
        }

        text.AppendLine().AppendLine("## Tuned settings: each moved alone (full corpus, optimised thresholds)").AppendLine();
        text.AppendLine("| setting | default | why | variant | standard | Δ | low FP | Δ |");
        text.AppendLine("|---|---:|---|---|---:|---:|---:|---:|");
        var baseStandard = Score(defaults, NabProfile.Standard);
        var baseLowFp = Score(defaults, NabProfile.RewardLowFalsePositives);
        foreach (var setting in tuned)
        {
            foreach (var run in variants.Where(run => run.Name.StartsWith(setting.Key + " ", StringComparison.Ordinal) || run.Name.StartsWith(setting.Key + "=", StringComparison.Ordinal)))
            {
                var standard = Score(run, NabProfile.Standard);
                var lowFp = Score(run, NabProfile.RewardLowFalsePositives);
                text.AppendLine(Invariant($"| `{setting.Key}` | {setting.Default} | {setting.Reason} | {run.Name[setting.Key.Length..].Trim()} | {standard:F2} | {Signed(standard - baseStandard)} | {lowFp:F2} | {Signed(lowFp - baseLowFp)} |"));
            }
        }

        return text.ToString();
    }

    private static void AppendFineTuning(System.Text.StringBuilder text, FineTuningComparison comparison)
    {
        text.AppendLine().AppendLine("## Fine-tuning during the run against none (the defaults, replayed the same way)").AppendLine();
        text.AppendLine("Full corpus at the optimised thresholds; held out: each folder scored with the threshold chosen on the others, the mean over the folders with windows.").AppendLine();
        text.AppendLine("| | standard | low FP | low FN | windows found | false positives | held out, standard | held out, low FP |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        var standardFolds = comparison.Folds[NabProfile.Standard.Name];
        var lowFpFolds = comparison.Folds[NabProfile.RewardLowFalsePositives.Name];
        AppendRow(comparison.With, "fine-tuning during the run", standardFolds.With, lowFpFolds.With);
        AppendRow(comparison.Without, "no fine-tuning", standardFolds.Without, lowFpFolds.Without);
        text.AppendLine(Invariant($"| **fine-tuning's gain** | **{Gain(NabProfile.Standard)}** | {Gain(NabProfile.RewardLowFalsePositives)} | {Gain(NabProfile.RewardLowFalseNegatives)} | | | {Difference(standardFolds)} | {Difference(lowFpFolds)} |"));

        void AppendRow(ProtocolRun run, string label, IReadOnlyList<NabFoldResult> standard, IReadOnlyList<NabFoldResult> lowFp)
        {
            var optimised = run.Result.For(NabProfile.Standard.Name).Optimised;
            text.AppendLine(Invariant($"| {label} | {optimised.NormalisedScore:F2} | {Score(run, NabProfile.RewardLowFalsePositives):F2} | {Score(run, NabProfile.RewardLowFalseNegatives):F2} | {optimised.TruePositiveWindows} of {optimised.TruePositiveWindows + optimised.FalseNegativeWindows} | {optimised.FalsePositiveRows} | {Mean(standard)} | {Mean(lowFp)} |"));
        }

        string Gain(NabProfile profile) => Signed(Score(comparison.With, profile) - Score(comparison.Without, profile));

        static string Difference((IReadOnlyList<NabFoldResult> With, IReadOnlyList<NabFoldResult> Without) folds) =>
            NabLeaveOneFolderOut.HeldOutMean(folds.With) is { } with && NabLeaveOneFolderOut.HeldOutMean(folds.Without) is { } without
                ? Signed(with - without)
                : "n/a";
    }

    /// <summary>A row of a table of runs: <paramref name="leading"/> (its first columns), then the windows, the three scores, windows found and false positives.</summary>
    private static string ScoreRow(string leading, ProtocolRun run)
    {
        var standard = run.Result.For(NabProfile.Standard.Name).Optimised;
        return Invariant($"| {leading} | {run.Result.WindowCount} | {standard.NormalisedScore:F2} | {Score(run, NabProfile.RewardLowFalsePositives):F2} | {Score(run, NabProfile.RewardLowFalseNegatives):F2} | {standard.TruePositiveWindows} of {standard.TruePositiveWindows + standard.FalseNegativeWindows} | {standard.FalsePositiveRows} |");
    }

    private static string Mean(IReadOnlyList<NabFoldResult> folds) =>
        NabLeaveOneFolderOut.HeldOutMean(folds) is { } mean ? mean.ToString("F2", CultureInfo.InvariantCulture) : "n/a";

    private static string Signed(double change) => change.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);

    private static string HeldOut(NabFoldResult fold) =>
        fold.HeldOutScore is { } score ? score.ToString("F2", CultureInfo.InvariantCulture) : "n/a (no window)";

    private static double Score(ProtocolRun run, NabProfile profile) => run.Result.For(profile.Name).Optimised.NormalisedScore;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
