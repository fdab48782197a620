namespace StreamRnn.Training.Offline;

/// <summary>How <see cref="SeriesScorer"/> estimates each row of a stored series.</summary>
public enum OfflineScoringMode
{
    /// <summary>
    /// What a live sensor does: the forecaster's 1-step forecast made after the previous row, from a zero state, with the
    /// online normaliser. Offline scores equal live scores for the same series and model.
    /// </summary>
    Causal = 0,

    /// <summary>
    /// The checkpoint's bidirectional scorer reconstructs every row from the rows before and after it, over complete
    /// windows. Only for stored history: the live step has no future.
    /// </summary>
    Bidirectional = 1,
}
