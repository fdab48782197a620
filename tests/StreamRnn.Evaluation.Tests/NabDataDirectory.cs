namespace StreamRnn.Evaluation.Tests;

/// <summary>
/// Finds the NAB data: walks up from the test's output folder to the repository's own copy,
/// <c>tests/data/nab</c> (so a clean clone has it), or a <c>shared/nab</c> in or beside a folder above.
/// <c>STREAMRNN_NAB_ROOT</c> overrides the search.
/// </summary>
internal static class NabDataDirectory
{
    public const string EnvironmentVariable = "STREAMRNN_NAB_ROOT";

    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    private static string Find()
    {
        var overridden = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(overridden))
        {
            return IsNabRoot(overridden)
                ? overridden
                : throw new InvalidOperationException($"{EnvironmentVariable}={overridden} holds no {NabLabels.RelativePath}.");
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            foreach (var candidate in new[]
            {
                System.IO.Path.Combine(directory.FullName, "tests", "data", "nab"),
                System.IO.Path.Combine(directory.FullName, "shared", "nab"),
                System.IO.Path.Combine(directory.FullName, "..", "shared", "nab"),
            })
            {
                if (IsNabRoot(candidate))
                {
                    return System.IO.Path.GetFullPath(candidate);
                }
            }
        }

        throw new InvalidOperationException(
            $"NAB data not found: no tests/data/nab or shared/nab (with {NabLabels.RelativePath}) in or beside any folder above {AppContext.BaseDirectory}. " +
            $"The repository carries it in tests/data/nab; or set {EnvironmentVariable}.");
    }

    private static bool IsNabRoot(string candidate) => File.Exists(System.IO.Path.Combine(candidate, NabLabels.RelativePath));
}
