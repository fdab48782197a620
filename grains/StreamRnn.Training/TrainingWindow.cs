namespace StreamRnn.Training;

/// <summary>
/// One window of a <see cref="WindowedDataset"/>: inputs are steps <c>[Start, Start + InputLength)</c> of series
/// <paramref name="SeriesIndex"/>; targets reach to step <c>Start + InputLength − 1 + Horizon</c>.
/// </summary>
/// <param name="SeriesIndex">The series, as an index into <see cref="SeriesData.Series"/>.</param>
/// <param name="Start">The window's first step.</param>
public readonly record struct TrainingWindow(int SeriesIndex, int Start);
