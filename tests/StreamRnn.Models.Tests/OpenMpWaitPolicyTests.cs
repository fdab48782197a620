namespace StreamRnn.Models.Tests;

public sealed class OpenMpWaitPolicyTests
{
    [Fact]
    public void ApplyDefault_VariableNotSet_SetsPassive()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);

        var inEffect = OpenMpWaitPolicy.ApplyDefault(environment.GetValueOrDefault, (name, value) => environment.TryAdd(name, value));

        Assert.Equal("PASSIVE", inEffect);
        Assert.Equal("PASSIVE", environment[OpenMpWaitPolicy.VariableName]);
    }

    [Fact]
    public void ApplyDefault_OperatorChoseActive_KeepsTheOperatorsValue()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { [OpenMpWaitPolicy.VariableName] = "ACTIVE" };
        var sets = 0;

        var inEffect = OpenMpWaitPolicy.ApplyDefault(environment.GetValueOrDefault, (_, _) => sets++);

        Assert.Equal("ACTIVE", inEffect);
        Assert.Equal(0, sets);
    }

    [Fact]
    public void NativeEnvironment_SetIfAbsent_IsWhatNativeCodeReadsAndNeverOverwrites()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "libc's environment: Linux and macOS.");
        var name = "STREAMRNN_TEST_" + Guid.NewGuid().ToString("N");

        OpenMpWaitPolicy.NativeEnvironment.SetIfAbsent(name, "first");
        OpenMpWaitPolicy.NativeEnvironment.SetIfAbsent(name, "second");

        Assert.Equal("first", OpenMpWaitPolicy.NativeEnvironment.Get(name));

        // .NET keeps its own copy of the environment on Unix: what OpenMP reads is only in libc's.
        Assert.Null(Environment.GetEnvironmentVariable(name));
    }
}
