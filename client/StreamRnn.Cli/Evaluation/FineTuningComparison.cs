using StreamRnn.Evaluation;

namespace StreamRnn.Cli.Evaluation;

/// <summary>
/// The defaults with fine-tuning during the run and without it, replayed the same way (issue 14 item 4): each one's
/// full-corpus result and, per profile, its folds with only the threshold chosen on the other folders.
/// </summary>
/// <param name="With">The defaults, fine-tuned during the run.</param>
/// <param name="Without">The defaults with no fine-tuning round.</param>
/// <param name="Folds">Per profile name, each run's leave-one-folder-out folds (the defaults alone, so only the threshold is chosen).</param>
internal sealed record FineTuningComparison(
    ProtocolRun With,
    ProtocolRun Without,
    IReadOnlyDictionary<string, (IReadOnlyList<NabFoldResult> With, IReadOnlyList<NabFoldResult> Without)> Folds)
{
    /// <summary>
    /// Scores the run without fine-tuning's folds for each profile of <paramref name="withFolds"/> (the standard and low-FP
    /// ones), beside the folds the protocol already scored for the run with it.
    /// </summary>
    public static FineTuningComparison Of(NabDataset dataset, ProtocolRun with, IReadOnlyDictionary<string, IReadOnlyList<NabFoldResult>> withFolds, ProtocolRun without)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(with);
        ArgumentNullException.ThrowIfNull(withFolds);
        ArgumentNullException.ThrowIfNull(without);
        var folds = new Dictionary<string, (IReadOnlyList<NabFoldResult>, IReadOnlyList<NabFoldResult>)>();
        foreach (var profile in new[] { NabProfile.Standard, NabProfile.RewardLowFalsePositives })
        {
            folds[profile.Name] = (withFolds[profile.Name], NabLeaveOneFolderOut.Run(dataset, [(without.Name, without.Scores)], profile));
        }

        return new FineTuningComparison(with, without, folds);
    }
}
