namespace StreamRnn.Evaluation;

/// <summary>
/// A NAB corpus on disk: <c>labels/combined_windows.json</c> and, for every file it labels,
/// <c>data/&lt;folder&gt;/&lt;file&gt;.csv</c>. As in NAB, data files the labels do not name are not part of the corpus.
/// </summary>
public sealed class NabDataset
{
    /// <summary>The data folder under a NAB root folder.</summary>
    public const string DataFolder = "data";

    private readonly Dictionary<string, NabFile> _byKey;

    private NabDataset(string rootDirectory, NabLabels labels, NabFile[] files)
    {
        RootDirectory = rootDirectory;
        Labels = labels;
        Files = files;
        _byKey = files.ToDictionary(file => file.Key, StringComparer.Ordinal);
        RowCount = files.Sum(file => file.RowCount);
    }

    /// <summary>The NAB root folder (holding <c>data</c> and <c>labels</c>).</summary>
    public string RootDirectory { get; }

    /// <summary>The labelled windows.</summary>
    public NabLabels Labels { get; }

    /// <summary>The labelled files, in ordinal order of their keys.</summary>
    public IReadOnlyList<NabFile> Files { get; }

    /// <summary>The number of data rows over all files.</summary>
    public int RowCount { get; }

    /// <summary>The number of labelled windows over all files.</summary>
    public int WindowCount => Labels.WindowCount;

    /// <summary>A file by its key (<c>"realKnownCause/nyc_taxi.csv"</c>).</summary>
    /// <exception cref="KeyNotFoundException">The corpus has no such file.</exception>
    public NabFile this[string key] => _byKey.TryGetValue(key, out var file)
        ? file
        : throw new KeyNotFoundException($"The NAB corpus at {RootDirectory} has no file '{key}'.");

    /// <summary>The windows of one of the corpus's files, in time order.</summary>
    public IReadOnlyList<NabWindow> WindowsFor(NabFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Labels.WindowsFor(file.Key);
    }

    /// <summary>The folders of the corpus's files (<c>"realKnownCause"</c>), in ordinal order.</summary>
    public IReadOnlyList<string> Folders => [.. Files.Select(file => FolderOf(file.Key)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The folder of a file key: the part before its first <c>/</c> (the whole key when there is none).</summary>
    public static string FolderOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? key : key[..slash];
    }

    /// <summary>The corpus restricted to the files <paramref name="keep"/> selects, with their windows.</summary>
    /// <exception cref="ArgumentException">No file is selected.</exception>
    public NabDataset Where(Func<NabFile, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var files = Files.Where(keep).ToArray();
        if (files.Length == 0)
        {
            throw new ArgumentException("The selection keeps no file of the corpus.", nameof(keep));
        }

        return new NabDataset(RootDirectory, NabLabels.Create(files.Select(file => KeyValuePair.Create(file.Key, WindowsFor(file)))), files);
    }

    /// <summary>
    /// The corpus with every file cut to its first <paramref name="maxRows"/> rows: a window that starts after the last
    /// row left is dropped, one that ends after it ends there. A file left without a window still counts its false
    /// positives. Probation (15 % of a file's rows) is then taken of the cut file, as NAB would.
    /// </summary>
    public NabDataset Truncate(int maxRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        var files = Files.Select(file => file.RowCount <= maxRows
            ? file
            : new NabFile(file.Key, [.. file.Timestamps.Take(maxRows)], [.. file.Values.Take(maxRows)])).ToArray();
        return new NabDataset(RootDirectory, NabLabels.Create(files.Select(file => KeyValuePair.Create(file.Key, ClippedWindows(file)))), files);
    }

    /// <summary>This corpus's windows of <paramref name="file"/>'s key, those that start after its last row dropped and the rest ended there at the latest.</summary>
    private IReadOnlyList<NabWindow> ClippedWindows(NabFile file)
    {
        var last = file.Timestamps[^1];
        return [.. WindowsFor(this[file.Key])
            .Where(window => window.Start <= last)
            .Select(window => window.End <= last ? window : new NabWindow(window.Start, last))];
    }

    /// <summary>
    /// The corpus at a slower cadence: every <paramref name="rowsPerReading"/> consecutive rows of a file averaged into one
    /// reading at the first one's timestamp (an incomplete last group dropped), the labelled windows kept in time and
    /// clipped to what remains. The same anomalies, seen as an hourly sensor would see them when k = 12 on 5-minute data.
    /// </summary>
    public NabDataset Coarsen(int rowsPerReading)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowsPerReading, 1);
        var files = Files.Select(file =>
        {
            var groups = Math.Max(1, file.RowCount / rowsPerReading);
            var size = Math.Min(rowsPerReading, file.RowCount);
            return new NabFile(
                file.Key,
                [.. Enumerable.Range(0, groups).Select(group => file.Timestamps[group * size])],
                [.. Enumerable.Range(0, groups).Select(group => Enumerable.Range(group * size, size).Average(row => file.Values[row]))]);
        }).ToArray();
        return new NabDataset(RootDirectory, NabLabels.Create(files.Select(file => KeyValuePair.Create(file.Key, ClippedWindows(file)))), files);
    }

    /// <summary>
    /// The corpus as short files around its anomalies, the shape of a short series with its anomalies in it: for each
    /// anomaly in <paramref name="anomalies"/> (in time order), a segment of <paramref name="rows"/> consecutive rows of
    /// its file with the anomaly in the middle (moved to keep the segment inside the file), except an anomaly that the
    /// file's previous segment already holds. Each segment's windows are drawn by NAB's own rule
    /// (<see cref="NabWindowRule"/>) around every anomaly it holds, so they are as narrow as NAB's windows are in a file
    /// of that length. A file without anomalies gives its first <paramref name="rows"/> rows (their false positives
    /// count); a file no longer than <paramref name="rows"/> gives itself. Segment <c>k</c> of
    /// <c>realTweets/Twitter_volume_AAPL.csv</c> is <c>realTweets/Twitter_volume_AAPL_segment{k}.csv</c>; probation is
    /// 15 % of the segment, as NAB would take it.
    /// </summary>
    /// <exception cref="KeyNotFoundException">A file of the corpus has no entry in <paramref name="anomalies"/>.</exception>
    /// <exception cref="InvalidDataException">An anomaly's timestamp is not one of its file's rows.</exception>
    public NabDataset AroundAnomalies(int rows, NabAnomalyLabels anomalies)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentNullException.ThrowIfNull(anomalies);
        var files = new List<NabFile>();
        var windows = new List<KeyValuePair<string, IReadOnlyList<NabWindow>>>();
        foreach (var file in Files)
        {
            var anomalyRows = anomalies.AnomaliesFor(file.Key).Select(anomaly => RowOf(file, anomaly)).ToArray();
            var starts = new List<int>();
            foreach (var row in anomalyRows)
            {
                if (starts.Count == 0 || row >= starts[^1] + rows)
                {
                    starts.Add(Math.Clamp(row - (rows / 2), 0, Math.Max(0, file.RowCount - rows)));
                }
            }

            if (starts.Count == 0)
            {
                starts.Add(0);
            }

            var stem = file.Key[..^Path.GetExtension(file.Key).Length];
            for (var segment = 0; segment < starts.Count; segment++)
            {
                var start = starts[segment];
                var count = Math.Min(rows, file.RowCount - start);
                var cut = new NabFile(
                    $"{stem}_segment{segment}{Path.GetExtension(file.Key)}",
                    [.. file.Timestamps.Skip(start).Take(count)],
                    [.. file.Values.Skip(start).Take(count)]);
                var inside = anomalyRows.Where(row => row >= start && row < start + count).Select(row => row - start).ToArray();
                files.Add(cut);
                windows.Add(KeyValuePair.Create(cut.Key, NabWindowRule.Draw(cut.Timestamps, inside)));
            }
        }

        return new NabDataset(RootDirectory, NabLabels.Create(windows), [.. files.OrderBy(file => file.Key, StringComparer.Ordinal)]);
    }

    /// <summary>The first row of <paramref name="file"/> stamped <paramref name="timestamp"/>, as NAB's labeler finds an anomaly's row.</summary>
    private static int RowOf(NabFile file, DateTime timestamp)
    {
        for (var row = 0; row < file.RowCount; row++)
        {
            if (file.Timestamps[row] == timestamp)
            {
                return row;
            }
        }

        throw new InvalidDataException($"'{file.Key}': the anomaly at {timestamp:yyyy-MM-dd HH:mm:ss} is not one of the file's timestamps.");
    }

    /// <summary>Pairs every file with a detector's scores for it, ready for <see cref="NabEvaluation"/>.</summary>
    /// <param name="scores">The detector: one score in [0, 1] per row of the file it is given.</param>
    public IReadOnlyList<NabScoredFile> WithScores(Func<NabFile, IReadOnlyList<double>> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return [.. Files.Select(file => new NabScoredFile(file.Key, file.Timestamps, WindowsFor(file), scores(file)))];
    }

    /// <summary>Reads the labels and every labelled data file under <paramref name="rootDirectory"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">The labels or a labelled data file is missing.</exception>
    /// <exception cref="InvalidDataException">The labels or a data file is malformed; the message names the file.</exception>
    public static NabDataset Load(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootDirectory);
        if (!Directory.Exists(rootDirectory))
        {
            throw new DirectoryNotFoundException($"NAB root folder {rootDirectory} does not exist.");
        }

        var labelsPath = Path.Combine(rootDirectory, NabLabels.RelativePath);
        if (!File.Exists(labelsPath))
        {
            throw new FileNotFoundException($"NAB labels not found at {labelsPath}.", labelsPath);
        }

        return Load(Path.Combine(rootDirectory, DataFolder), labelsPath);
    }

    /// <summary>Reads the labels at <paramref name="labelsPath"/> and every labelled data file under <paramref name="dataDirectory"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The data folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">The labels or a labelled data file is missing.</exception>
    /// <exception cref="InvalidDataException">The labels or a data file is malformed; the message names the file.</exception>
    public static NabDataset Load(string dataDirectory, string labelsPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ArgumentException.ThrowIfNullOrEmpty(labelsPath);
        if (!Directory.Exists(dataDirectory))
        {
            throw new DirectoryNotFoundException($"NAB data folder {dataDirectory} does not exist.");
        }

        if (!File.Exists(labelsPath))
        {
            throw new FileNotFoundException($"NAB labels not found at {labelsPath}.", labelsPath);
        }

        var labels = NabLabels.Load(labelsPath);
        var files = labels.Keys.Select(key => NabFile.Load(dataDirectory, key)).ToArray();
        return new NabDataset(Path.GetDirectoryName(Path.GetFullPath(dataDirectory)) ?? dataDirectory, labels, files);
    }
}
