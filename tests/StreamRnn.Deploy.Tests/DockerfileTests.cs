using System.Text.Json;
using StreamRnn.Deploy.Tests.Infrastructure;

namespace StreamRnn.Deploy.Tests;

/// <summary>
/// The Dockerfile's structure (no container runtime exists on the build machines, so no test builds the image).
/// </summary>
public sealed class DockerfileTests
{
    [Fact]
    public void Stages_Dockerfile_BuildWithTheSdkAndRunOnTheAspNetRuntime()
    {
        var dockerfile = Dockerfile.Load();

        Assert.True(dockerfile.Stages.Count >= 2, "A multi-stage build: SDK, then runtime.");
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", dockerfile.Stages[0].Image, StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", dockerfile.FinalStage.Image, StringComparison.Ordinal);
        Assert.Contains(dockerfile.FinalStage.Arguments("COPY"), copy => copy.Contains($"--from={dockerfile.Stages[0].Name}", StringComparison.Ordinal));
    }

    [Fact]
    public void User_FinalStage_IsANumericNonRootUser()
    {
        var user = Dockerfile.Load().FinalStage.User;

        Assert.NotNull(user);
        Assert.True(long.TryParse(user, System.Globalization.CultureInfo.InvariantCulture, out var uid), $"USER {user} is not numeric: runAsNonRoot cannot check a name.");
        Assert.NotEqual(0, uid);
    }

    [Fact]
    public void Entrypoint_FinalStage_RunsTheSiloAssemblyOfTheBuildOutput()
    {
        var entrypoint = JsonSerializer.Deserialize<string[]>(Dockerfile.Load().FinalStage.Entrypoint!)!;
        var silo = typeof(StreamRnn.Silo.Demo.DemoFleetOptions).Assembly;
        var dll = Path.GetFileName(silo.Location);

        Assert.Equal(["dotnet", dll], entrypoint);
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, dll)), $"{dll} is not in the silo's build output.");
    }

    [Fact]
    public void Publish_BuildStage_PublishesTheSiloWithTheTorchBackendArgument()
    {
        var build = Dockerfile.Load().Stages[0];
        var publish = Assert.Single(build.Arguments("RUN"), run => run.StartsWith("dotnet publish", StringComparison.Ordinal));

        Assert.Contains("silo/StreamRnn.Silo/StreamRnn.Silo.csproj", publish, StringComparison.Ordinal);
        Assert.Contains("-p:TorchBackend=${TORCH_BACKEND}", publish, StringComparison.Ordinal);
        Assert.Contains(build.Arguments("ARG"), arg => arg == "TORCH_BACKEND=cpu");
        Assert.Contains("<TorchBackend Condition=\"'$(TorchBackend)' == ''\">cpu</TorchBackend>", File.ReadAllText(Repository.File("Directory.Build.props")), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RootUser_IsReported()
    {
        var dockerfile = Dockerfile.Parse("FROM a AS build\nRUN x \\\n  y\nFROM b\nUSER root\nENTRYPOINT [\"dotnet\", \"x.dll\"]\n");

        Assert.Equal(2, dockerfile.Stages.Count);
        Assert.Equal("x y", dockerfile.Stages[0].Arguments("RUN").Single());
        Assert.Equal("root", dockerfile.FinalStage.User);
        Assert.False(long.TryParse(dockerfile.FinalStage.User, System.Globalization.CultureInfo.InvariantCulture, out _));
    }
}
