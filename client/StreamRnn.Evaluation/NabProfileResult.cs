namespace StreamRnn.Evaluation;

/// <summary>A corpus's NAB result for one profile: at the threshold optimised for it and at the configured one.</summary>
/// <param name="Profile">The cost profile.</param>
/// <param name="NullScore">The raw score of a detector that never alerts: <c>-A_FN</c> per scored window.</param>
/// <param name="PerfectScore">The raw score of a detector that alerts at every window's left edge and nowhere else: <c>A_TP</c> per scored window.</param>
/// <param name="Optimised">At the threshold that maximises the corpus's raw score (what NAB's scoreboard reports).</param>
/// <param name="Configured">At the threshold an operational system alerts at.</param>
public sealed record NabProfileResult(
    NabProfile Profile,
    double NullScore,
    double PerfectScore,
    NabThresholdResult Optimised,
    NabThresholdResult Configured);
