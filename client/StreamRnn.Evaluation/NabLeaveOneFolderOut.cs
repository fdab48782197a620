namespace StreamRnn.Evaluation;

/// <summary>
/// Leave-one-folder-out over a NAB corpus: for each folder, the variant (a set of settings, given by its scores) and the
/// threshold are chosen on the other folders alone, and then scored unchanged on the held-out one. The held-out folder's
/// labels are never looked at before its score is taken, so the mean over folders says how the choice carries to data it
/// was not made on.
/// </summary>
public static class NabLeaveOneFolderOut
{
    /// <summary>Runs every fold for <paramref name="profile"/>.</summary>
    /// <param name="dataset">The corpus; at least two folders.</param>
    /// <param name="variants">Each variant's name and its score per row of every file; on a tie the earlier one wins (list the defaults first).</param>
    /// <exception cref="ArgumentException">Fewer than two folders, no variant, or a variant without scores for some file.</exception>
    public static IReadOnlyList<NabFoldResult> Run(NabDataset dataset, IReadOnlyList<(string Name, IReadOnlyDictionary<string, double[]> Scores)> variants, NabProfile profile)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentNullException.ThrowIfNull(profile);
        if (dataset.Folders.Count < 2)
        {
            throw new ArgumentException("Leave-one-folder-out needs at least two folders.", nameof(dataset));
        }

        if (variants.Count == 0)
        {
            throw new ArgumentException("No variant to choose from.", nameof(variants));
        }

        var folds = new List<NabFoldResult>(dataset.Folders.Count);
        foreach (var folder in dataset.Folders)
        {
            var training = dataset.Where(file => NabDataset.FolderOf(file.Key) != folder);
            var heldOut = dataset.Where(file => NabDataset.FolderOf(file.Key) == folder);
            var (chosen, threshold, trainingScore) = Choose(training, variants, profile);
            folds.Add(Score(heldOut, folder, chosen, threshold, trainingScore, profile));
        }

        return folds;
    }

    /// <summary>The mean held-out score over the folds whose folder has a scored window; null when none has.</summary>
    public static double? HeldOutMean(IReadOnlyList<NabFoldResult> folds)
    {
        ArgumentNullException.ThrowIfNull(folds);
        var scored = folds.Where(fold => fold.HeldOutScore is not null).ToList();
        return scored.Count == 0 ? null : scored.Average(fold => fold.HeldOutScore!.Value);
    }

    private static ((string Name, IReadOnlyDictionary<string, double[]> Scores) Variant, double Threshold, double Score) Choose(
        NabDataset training, IReadOnlyList<(string Name, IReadOnlyDictionary<string, double[]> Scores)> variants, NabProfile profile)
    {
        var best = (Variant: variants[0], Threshold: NabEvaluation.NoAlertsThreshold, Score: double.NegativeInfinity);
        foreach (var variant in variants)
        {
            var evaluation = new NabEvaluation(training.WithScores(file => ScoresOf(variant, file.Key)));
            var (threshold, raw) = evaluation.FindOptimalThreshold(profile);
            var score = evaluation.Normalise(profile, raw);
            if (score > best.Score)
            {
                best = (variant, threshold, score);
            }
        }

        return best;
    }

    private static NabFoldResult Score(
        NabDataset heldOut, string folder, (string Name, IReadOnlyDictionary<string, double[]> Scores) variant, double threshold, double trainingScore, NabProfile profile)
    {
        // File by file, so a folder without any window (NAB's artificialNoAnomaly) still reports its false positives.
        double raw = 0;
        int windows = 0, truePositives = 0, falseNegatives = 0, falsePositives = 0;
        foreach (var file in heldOut.Files)
        {
            var scorer = new NabScorer(file.Timestamps, heldOut.WindowsFor(file), file.Key);
            var score = scorer.Score(ScoresOf(variant, file.Key), threshold, profile);
            raw += score.RawScore;
            windows += scorer.ScoredWindowCount;
            truePositives += score.TruePositiveWindows;
            falseNegatives += score.FalseNegativeWindows;
            falsePositives += score.FalsePositiveRows;
        }

        double? normalised = null;
        if (windows > 0)
        {
            var nullScore = -profile.FalseNegativeWeight * windows;
            normalised = 100.0 * (raw - nullScore) / ((profile.TruePositiveWeight * windows) - nullScore);
        }

        return new NabFoldResult(folder, variant.Name, threshold, trainingScore, normalised, truePositives, falseNegatives, falsePositives);
    }

    private static double[] ScoresOf((string Name, IReadOnlyDictionary<string, double[]> Scores) variant, string key) =>
        variant.Scores.TryGetValue(key, out var scores)
            ? scores
            : throw new ArgumentException($"Variant '{variant.Name}' has no scores for '{key}'.", nameof(variant));
}
