namespace StreamRnn.Evaluation;

/// <summary>A corpus's NAB score for one profile at one threshold (a row alerts when its score is at or above it).</summary>
/// <param name="Threshold">The threshold; <see cref="NabEvaluation.NoAlertsThreshold"/> means no row alerts.</param>
/// <param name="RawScore">The sum of the files' raw scores.</param>
/// <param name="NormalisedScore"><c>100 · (raw - null) / (perfect - null)</c>: the null detector scores 0, the perfect one 100.</param>
/// <param name="TruePositiveWindows">Detected windows over all files.</param>
/// <param name="FalseNegativeWindows">Missed windows over all files.</param>
/// <param name="FalsePositiveRows">Alerted rows outside windows (after probation) over all files.</param>
/// <param name="Files">Each file's score, in the corpus's order.</param>
public sealed record NabThresholdResult(
    double Threshold,
    double RawScore,
    double NormalisedScore,
    int TruePositiveWindows,
    int FalseNegativeWindows,
    int FalsePositiveRows,
    IReadOnlyList<NabFileScore> Files);
