using Microsoft.Extensions.Configuration;
using StreamRnn.Cli.Evaluation;
using StreamRnn.Grains;
using StreamRnn.Grains.Training;
using StreamRnn.Scoring;

namespace StreamRnn.Silo.Tests;

/// <summary>The settings <c>eval protocol</c> moves: each variant is a valid setting that changes what it names.</summary>
public sealed class TunedSettingTests
{
    [Fact]
    public void Variants_EveryTunedSetting_AreValidSensorSettingsThatMoveTheDefault()
    {
        var defaults = SensorSettings.Describe(new SensorOptions());

        foreach (var setting in TunedSetting.All.Where(setting => !setting.IsFineTuning))
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
    public void Variants_EveryFineTuningSetting_BindToValidFineTuningOptionsThatMoveTheDefault()
    {
        var validator = new FineTuningOptionsValidator();
        var fineTuning = TunedSetting.All.Where(setting => setting.IsFineTuning).ToList();

        Assert.Equal(["Training:LearningRate", "Training:Epochs", "Training:WindowsPerSensor"], fineTuning.Select(setting => setting.Key));
        foreach (var setting in fineTuning)
        {
            Assert.Equal(setting.Default, Bind([]).Get(setting.Key));
            foreach (var (name, value) in setting.Variants())
            {
                var moved = Bind(new Dictionary<string, string?> { [setting.Key] = value });
                Assert.True(validator.Validate(null, moved.Options).Succeeded, $"{name} is not a valid fine-tuning setting");
                Assert.NotEqual(Bind([]).Get(setting.Key), moved.Get(setting.Key));
            }
        }
    }

    /// <summary>Fine-tuning options bound from configuration as the silo binds them, and a reader of one key's value.</summary>
    private static (FineTuningOptions Options, Func<string, string> Get) Bind(Dictionary<string, string?> values)
    {
        var options = new FineTuningOptions();
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(FineTuningOptions.SectionName).Bind(options);
        return (options, key => key switch
        {
            "Training:LearningRate" => options.LearningRate.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            "Training:Epochs" => options.Epochs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "Training:WindowsPerSensor" => options.WindowsPerSensor.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => throw new ArgumentOutOfRangeException(nameof(key), key, "not a fine-tuning setting the protocol moves"),
        });
    }

    [Fact]
    public void All_ConstantsChosenOnNab_AreAmongTheVariedSettings()
    {
        var keys = TunedSetting.All.Select(setting => setting.Key).ToHashSet();

        Assert.Superset(
            new HashSet<string> { "Sensors:SpreadAdaptation", "Sensors:SpreadFloor", "Sensors:SpreadMemory", "Sensors:DirectionalSurpriseScale", "Sensors:ScaledAveragingFloor", "Sensors:EventGapFraction", "Sensors:NoveltyScale" },
            keys);
        Assert.Equal(16, keys.Count(key => key.StartsWith("Sensors:", StringComparison.Ordinal)));
        Assert.Equal(19, keys.Count);
    }
}
