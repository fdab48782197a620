using StreamRnn.Cli.Evaluation;
using StreamRnn.Grains;
using StreamRnn.Scoring;

namespace StreamRnn.Silo.Tests;

/// <summary>The settings <c>eval protocol</c> moves: each variant is a valid setting that changes what it names.</summary>
public sealed class TunedSettingTests
{
    [Fact]
    public void Variants_EveryTunedSetting_AreValidSensorSettingsThatMoveTheDefault()
    {
        var defaults = SensorSettings.Describe(new SensorOptions());

        foreach (var setting in TunedSetting.All)
        {
            var key = setting.Key["Sensors:".Length..];
            Assert.Equal(setting.Default, defaults[key], ignoreCase: true);
            foreach (var (name, value) in setting.Variants())
            {
                var moved = SensorSettings.Describe(SensorSettings.Apply(new SensorOptions(), new Dictionary<string, string> { [key] = value }));
                Assert.True(moved[key] != defaults[key], $"{name} leaves {key} at its default");
            }
        }
    }

    [Fact]
    public void All_ConstantsChosenOnNab_AreAmongTheVariedSettings()
    {
        var keys = TunedSetting.All.Select(setting => setting.Key).ToHashSet();

        Assert.Superset(
            new HashSet<string> { "Sensors:SpreadAdaptation", "Sensors:SpreadFloor", "Sensors:SpreadMemory", "Sensors:DirectionalSurpriseScale", "Sensors:ScaledAveragingFloor" },
            keys);
        Assert.Equal(14, keys.Count);
    }
}
