namespace StreamRnn.Evaluation;

/// <summary>One file's NAB score for one profile and one set of alerts, with its parts.</summary>
/// <param name="Key">The file (<c>"realKnownCause/nyc_taxi.csv"</c>).</param>
/// <param name="RawScore">The file's raw NAB score: <see cref="TruePositiveScore"/> + <see cref="FalseNegativeScore"/> + <see cref="FalsePositiveScore"/>.</param>
/// <param name="TruePositiveWindows">Scored windows with at least one scored alert.</param>
/// <param name="FalseNegativeWindows">Scored windows without any scored alert.</param>
/// <param name="FalsePositiveRows">Scored alerted rows outside every window.</param>
/// <param name="TruePositiveScore">Σ over detected windows of <c>A_TP · S(p)/S(-1)</c> at the window's earliest scored alert.</param>
/// <param name="FalseNegativeScore"><c>-A_FN</c> times <see cref="FalseNegativeWindows"/>.</param>
/// <param name="FalsePositiveScore">Σ over false-positive rows of <c>A_FP · S(d)</c> (zero or negative).</param>
public sealed record NabFileScore(
    string Key,
    double RawScore,
    int TruePositiveWindows,
    int FalseNegativeWindows,
    int FalsePositiveRows,
    double TruePositiveScore,
    double FalseNegativeScore,
    double FalsePositiveScore);
