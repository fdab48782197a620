using System.Text.Json;

namespace StreamRnn.Models.Tests;

/// <summary>
/// What Directory.Build.targets leaves in a build output: the native assets of the building machine's operating system
/// family only (libtorch for other systems is 786 MB per project; a clean build took 15 GB with them).
/// </summary>
public sealed class NativeAssetsTests
{
    private static readonly string Family = OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "osx" : "win";

    private static bool OfThisFamily(string rid) => rid == Family || rid.StartsWith(Family + "-", StringComparison.Ordinal) || rid is "unix" or "any";

    [Fact]
    public void BuildOutput_HoldsNativeFoldersOfThisOperatingSystemFamilyOnly()
    {
        var folders = Directory.GetDirectories(Path.Combine(AppContext.BaseDirectory, "runtimes")).Select(Path.GetFileName).ToList();

        Assert.NotEmpty(folders);
        Assert.All(folders, folder => Assert.True(OfThisFamily(folder!), $"runtimes/{folder} is for another operating system"));
    }

    [Fact]
    public void DepsFile_NamesNativeAssetsOfThisOperatingSystemFamilyOnly()
    {
        var depsFile = Path.Combine(AppContext.BaseDirectory, "StreamRnn.Models.Tests.deps.json");
        using var deps = JsonDocument.Parse(File.ReadAllText(depsFile));
        var rids = deps.RootElement.GetProperty("targets").EnumerateObject()
            .SelectMany(target => target.Value.EnumerateObject())
            .Where(library => library.Value.TryGetProperty("runtimeTargets", out _))
            .SelectMany(library => library.Value.GetProperty("runtimeTargets").EnumerateObject())
            .Select(asset => asset.Value.GetProperty("rid").GetString()!)
            .Distinct()
            .ToList();

        Assert.Contains(rids, rid => rid.StartsWith(Family, StringComparison.Ordinal));
        Assert.All(rids, rid => Assert.True(OfThisFamily(rid), $"the deps file names assets for {rid}"));
    }
}
