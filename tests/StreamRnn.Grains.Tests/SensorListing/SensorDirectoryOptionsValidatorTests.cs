using StreamRnn.Grains.SensorListing;

namespace StreamRnn.Grains.Tests.SensorListing;

/// <summary>The <c>SensorDirectory</c> settings checked at start: the defaults pass, each range names its setting.</summary>
public sealed class SensorDirectoryOptionsValidatorTests
{
    private static readonly string[] Settings = ["Shards", "MaxPerShard", "SeenInterval", "WriteInterval"];

    [Fact]
    public void Validate_Defaults_Succeeds() => Assert.True(new SensorDirectoryOptionsValidator().Validate(null, new SensorDirectoryOptions()).Succeeded);

    [Fact]
    public void Validate_OutOfRange_NamesEachSetting()
    {
        var result = new SensorDirectoryOptionsValidator().Validate(null, new SensorDirectoryOptions
        {
            Shards = 0, MaxPerShard = 5, SeenInterval = TimeSpan.Zero, WriteInterval = TimeSpan.FromHours(1),
        });

        Assert.True(result.Failed);
        var failures = string.Join(" ", result.Failures!);
        Assert.All(Settings, setting => Assert.Contains(setting, failures, StringComparison.Ordinal));
    }
}
