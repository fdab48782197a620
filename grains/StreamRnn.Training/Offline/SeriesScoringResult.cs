using StreamRnn.Scoring;

namespace StreamRnn.Training.Offline;

/// <summary>The outcome of <see cref="SeriesScorer.Score"/>: one row per input row, and a summary.</summary>
/// <param name="Series">The series name.</param>
/// <param name="Mode">The mode that produced the rows.</param>
/// <param name="Rows">One row per input row, in order.</param>
/// <param name="MeanError">
/// The mean <see cref="ScoredRow.Error"/> over the rows that have an estimate (in causal mode every row but the first,
/// whose expected value is the value itself; in bidirectional mode every row); 0 when there is none.
/// </param>
/// <param name="MaxScore">The highest <see cref="ScoredRow.Score"/>.</param>
/// <param name="MaxScoreStep">The first row with <paramref name="MaxScore"/>.</param>
public sealed record SeriesScoringResult(
    string Series,
    OfflineScoringMode Mode,
    IReadOnlyList<ScoredRow> Rows,
    double MeanError,
    double MaxScore,
    int MaxScoreStep)
{
    /// <summary>
    /// Causal mode: the alerts a live sensor raises on these rows, in order (each names its row as its
    /// <see cref="PipelineAlert.Offset"/>); bidirectional mode: none.
    /// </summary>
    public IReadOnlyList<PipelineAlert> Alerts { get; init; } = [];
}
