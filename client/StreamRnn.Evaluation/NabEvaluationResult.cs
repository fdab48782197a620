namespace StreamRnn.Evaluation;

/// <summary>A detector's NAB results over a corpus, one entry per profile.</summary>
/// <param name="ConfiguredThreshold">The operational threshold the <see cref="NabProfileResult.Configured"/> results use.</param>
/// <param name="FileCount">Files in the corpus.</param>
/// <param name="RowCount">Rows in the corpus.</param>
/// <param name="ScoredRowCount">Rows after probation.</param>
/// <param name="WindowCount">Scored windows (those with a row after probation).</param>
/// <param name="Profiles">One result per profile, in the order asked for.</param>
public sealed record NabEvaluationResult(
    double ConfiguredThreshold,
    int FileCount,
    int RowCount,
    int ScoredRowCount,
    int WindowCount,
    IReadOnlyList<NabProfileResult> Profiles)
{
    /// <summary>The result for the profile named <paramref name="profileName"/>.</summary>
    /// <exception cref="KeyNotFoundException">No result for that profile.</exception>
    public NabProfileResult For(string profileName) =>
        Profiles.FirstOrDefault(result => string.Equals(result.Profile.Name, profileName, StringComparison.Ordinal))
        ?? throw new KeyNotFoundException($"No NAB result for profile '{profileName}'.");
}
