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
