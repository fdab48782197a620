using StreamRnn.Models.Checkpoints;
namespace StreamRnn.Training;

/// <summary>
/// The chronological split of every series into train, validation and test parts, with the windows of each part.
/// </summary>
/// <remarks>
/// Per series of n steps: the first <c>⌊n × trainFraction⌋</c> steps train, the next <c>⌊n × validationFraction⌋</c>
/// validate, the rest test. Nothing leaks across the boundaries: a window (inputs and targets) lies inside one part,
/// and each series is normalised with the mean and standard deviation of its own training part only.
/// Train and validation windows start every <c>stride</c> steps; test windows every step, so the test metrics
/// cover every forecast origin.
/// </remarks>
public sealed class DataSplit
{
    private DataSplit(IReadOnlyList<SeriesSplit> series, WindowedDataset train, WindowedDataset validation, WindowedDataset test)
    {
        Series = series;
        Train = train;
        Validation = validation;
        Test = test;
    }

    /// <summary>The split of each series, in the order of <see cref="SeriesData.Series"/>.</summary>
    public IReadOnlyList<SeriesSplit> Series { get; }

    /// <summary>Training windows.</summary>
    public WindowedDataset Train { get; }

    /// <summary>Validation windows (early stopping, model selection, learning-rate schedule).</summary>
    public WindowedDataset Validation { get; }

    /// <summary>Test windows (stride 1), for the final metrics only; may be empty.</summary>
    public WindowedDataset Test { get; }

    /// <summary>The normalisation of each series (fitted on its training part), for the checkpoint.</summary>
    public IReadOnlyList<ChannelNormalization> Normalizations => [.. Series.Select(s => s.Normalization)];

    /// <summary>Splits, normalises and windows <paramref name="data"/>.</summary>
    /// <param name="data">The series.</param>
    /// <param name="inputLength">Input steps per window, at least 1 (2 for reconstruction).</param>
    /// <param name="horizon">Targets per step (0 for reconstruction).</param>
    /// <param name="trainFraction">Fraction of each series for training, in (0, 1].</param>
    /// <param name="validationFraction">Fraction of each series for validation, in (0, 1 − trainFraction].</param>
    /// <param name="stride">Steps between the starts of consecutive train and validation windows, at least 1.</param>
    /// <returns>The split.</returns>
    /// <exception cref="ArgumentException">A setting is out of range, or no series yields a training or a validation window.</exception>
    public static DataSplit Create(SeriesData data, int inputLength, int horizon, double trainFraction, double validationFraction, int stride = 1)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputLength, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(horizon);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        if (!(trainFraction > 0 && trainFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(trainFraction), trainFraction, "The training fraction must be in (0, 1].");
        }

        if (!(validationFraction > 0 && trainFraction + validationFraction <= 1 + 1e-12))
        {
            throw new ArgumentOutOfRangeException(
                nameof(validationFraction), validationFraction, "The validation fraction must be in (0, 1 − training fraction].");
        }

        var splits = new List<SeriesSplit>(data.Series.Count);
        var normalized = new List<NormalizedSeries>(data.Series.Count);
        List<TrainingWindow> train = [];
        List<TrainingWindow> validation = [];
        List<TrainingWindow> test = [];
        var span = inputLength + horizon;
        for (var index = 0; index < data.Series.Count; index++)
        {
            var series = data.Series[index];
            var trainLength = (int)Math.Floor(series.Steps * trainFraction);
            var validationLength = Math.Min((int)Math.Floor(series.Steps * validationFraction), series.Steps - trainLength);
            if (trainLength < 1)
            {
                throw new ArgumentException($"Series '{series.Name}' ({series.Steps} steps) has no training part.", nameof(data));
            }

            var trainPart = new SeriesSegment(0, trainLength);
            var validationPart = new SeriesSegment(trainLength, validationLength);
            var testPart = new SeriesSegment(trainPart.Length + validationLength, series.Steps - trainLength - validationLength);
            var normalization = SeriesNormalization.Fit(series, trainPart.Start, trainPart.Length);
            splits.Add(new SeriesSplit(series.Name, trainPart, validationPart, testPart, normalization));
            normalized.Add(new NormalizedSeries(series, normalization));
            AddWindows(train, index, trainPart, span, stride);
            AddWindows(validation, index, validationPart, span, stride);
            AddWindows(test, index, testPart, span, 1);
        }

        if (train.Count == 0 || validation.Count == 0)
        {
            throw new ArgumentException(
                $"No {(train.Count == 0 ? "training" : "validation")} window: a window needs InputLength + Horizon = {span} steps inside one part, "
                + $"and the longest series has {data.Series.Max(s => s.Steps)} steps ({trainFraction:0.##}/{validationFraction:0.##} split).",
                nameof(data));
        }

        var channels = data.Channels;
        return new DataSplit(
            splits,
            new WindowedDataset(normalized, train, inputLength, horizon, channels),
            new WindowedDataset(normalized, validation, inputLength, horizon, channels),
            new WindowedDataset(normalized, test, inputLength, horizon, channels));
    }

    private static void AddWindows(List<TrainingWindow> windows, int seriesIndex, SeriesSegment part, int span, int stride)
    {
        for (var start = part.Start; start + span <= part.End; start += stride)
        {
            windows.Add(new TrainingWindow(seriesIndex, start));
        }
    }
}
