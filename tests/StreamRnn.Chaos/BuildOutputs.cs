using System.Reflection;

namespace StreamRnn.Chaos;

/// <summary>
/// Where the executables this tool runs were built: the silo and the <c>streamrnn</c> CLI, from their own
/// build folders in the same configuration as this app (this project builds them; it does not reference them).
/// </summary>
internal sealed record BuildOutputs(string SiloDll, string CliDll)
{
    public static BuildOutputs Locate()
    {
        var root = RepositoryRoot();
        var configuration = typeof(BuildOutputs).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var silo = Path.Combine(root, "silo", "StreamRnn.Silo", "bin", configuration, framework, "StreamRnn.Silo.dll");
        var cli = Path.Combine(root, "client", "StreamRnn.Cli", "bin", configuration, framework, "streamrnn.dll");
        foreach (var path in new[] { silo, cli })
        {
            if (!File.Exists(path))
            {
                throw new ChaosSetupException($"{path} is missing: build tests/StreamRnn.Chaos (it builds the silo and the CLI), or run scripts/chaos.");
            }
        }

        return new BuildOutputs(silo, cli);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "StreamRnn.sln")))
            {
                return directory.FullName;
            }
        }

        throw new ChaosSetupException($"No StreamRnn.sln above {AppContext.BaseDirectory}: run the chaos tool from its build folder in the repository.");
    }
}
