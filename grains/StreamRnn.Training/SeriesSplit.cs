using StreamRnn.Models.Checkpoints;
namespace StreamRnn.Training;

/// <summary>The chronological split of one series and the normalisation fitted on its training part.</summary>
/// <param name="Series">The series name.</param>
/// <param name="Train">The oldest steps.</param>
/// <param name="Validation">The steps right after <paramref name="Train"/>.</param>
/// <param name="Test">The newest steps, right after <paramref name="Validation"/>.</param>
/// <param name="Normalization">Mean and standard deviation per channel over <paramref name="Train"/> only.</param>
public sealed record SeriesSplit(string Series, SeriesSegment Train, SeriesSegment Validation, SeriesSegment Test, ChannelNormalization Normalization);
