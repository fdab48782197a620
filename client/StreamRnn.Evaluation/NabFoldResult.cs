namespace StreamRnn.Evaluation;

/// <summary>One fold of leave-one-folder-out: what was chosen on the other folders, and how it scored on this one.</summary>
/// <param name="HeldOutFolder">The folder scored (<c>"realKnownCause"</c>).</param>
/// <param name="ChosenVariant">The variant (settings) with the best score on the other folders.</param>
/// <param name="ChosenThreshold">The threshold optimised on the other folders for that variant, applied unchanged here.</param>
/// <param name="TrainingScore">The chosen variant's normalised score on the other folders, at that threshold.</param>
/// <param name="HeldOutScore">The normalised score on the held-out folder; null when it has no scored window (NAB's normalisation is undefined there).</param>
/// <param name="TruePositiveWindows">Held-out windows detected.</param>
/// <param name="FalseNegativeWindows">Held-out windows missed.</param>
/// <param name="FalsePositiveRows">Held-out alerted rows outside every window (after probation).</param>
public sealed record NabFoldResult(
    string HeldOutFolder,
    string ChosenVariant,
    double ChosenThreshold,
    double TrainingScore,
    double? HeldOutScore,
    int TruePositiveWindows,
    int FalseNegativeWindows,
    int FalsePositiveRows);
