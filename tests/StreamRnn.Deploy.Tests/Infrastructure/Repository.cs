namespace StreamRnn.Deploy.Tests.Infrastructure;

/// <summary>Paths in the repository these tests run from.</summary>
internal static class Repository
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder that holds StreamRnn.sln.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The k8s/ folder.</summary>
    public static string Kubernetes => Path.Combine(Root, "k8s");

    /// <summary>A path under the repository root, from '/'-separated parts.</summary>
    public static string File(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Every folder under k8s/ with a kustomization.yaml, relative to k8s/ with '/' separators, sorted.</summary>
    public static IReadOnlyList<string> KustomizationDirectories() =>
        Directory.EnumerateFiles(Kubernetes, "kustomization.yaml", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(Kubernetes, Path.GetDirectoryName(file)!).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(directory.FullName, "StreamRnn.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No StreamRnn.sln above {AppContext.BaseDirectory}.");
    }
}
