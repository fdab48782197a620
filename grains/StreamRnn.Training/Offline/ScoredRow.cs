namespace StreamRnn.Training.Offline;

/// <summary>One scored row of a series, in original units.</summary>
/// <param name="Step">The row, 0-based.</param>
/// <param name="Timestamp">The row's timestamp, or <see langword="null"/> when the series has none.</param>
/// <param name="Value">Channel 0 at the row.</param>
/// <param name="Expected">The model's estimate of <paramref name="Value"/> (causal: the forecast made after the previous row; bidirectional: the reconstruction from both sides).</param>
/// <param name="Error"><c>|Value − Expected|</c>.</param>
/// <param name="Score">
/// The anomaly score in [0, 1]. Causal: the live sensors' (<see cref="Scoring.SensorScorer"/>): at or above the threshold
/// only on the row that starts an anomaly event, 0 during the learning period. Bidirectional: the continuous
/// <see cref="Scoring.ForecastErrorScorer"/> score of the reconstruction error, 0 during its learning period.
/// </param>
public readonly record struct ScoredRow(int Step, DateTimeOffset? Timestamp, double Value, double Expected, double Error, double Score);
