using System.Collections.Concurrent;
using System.Diagnostics;

namespace StreamRnn.Deploy.Tests.Infrastructure;

/// <summary>Renders a kustomization with <c>kubectl kustomize</c>, once per folder per test run.</summary>
internal static class Kustomize
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);
    private static readonly Lazy<string?> Kubectl = new(FindKubectl);
    private static readonly ConcurrentDictionary<string, Lazy<string>> Rendered = new(StringComparer.Ordinal);

    /// <summary>Skips the calling test, saying why, when kubectl is not on PATH.</summary>
    public static void SkipUnlessAvailable() =>
        Assert.SkipUnless(Kubectl.Value is not null, "kubectl is not on PATH: the manifests cannot be rendered here (install kubectl, which bundles kustomize).");

    /// <summary>The rendered YAML of k8s/<paramref name="directory"/>; skips the test when kubectl is absent.</summary>
    public static string Render(string directory)
    {
        SkipUnlessAvailable();
        return Rendered.GetOrAdd(directory, d => new Lazy<string>(() => Run(Path.Combine(Repository.Kubernetes, d)))).Value;
    }

    private static string Run(string directory)
    {
        var start = new ProcessStartInfo(Kubectl.Value!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(directory);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Deadline))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl kustomize {directory} did not finish within {Deadline}.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl kustomize {directory} failed ({process.ExitCode}): {error.GetAwaiter().GetResult()}");
        }

        return output.GetAwaiter().GetResult();
    }

    private static string? FindKubectl()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, OperatingSystem.IsWindows() ? "kubectl.exe" : "kubectl"))
            .FirstOrDefault(System.IO.File.Exists);
    }
}
