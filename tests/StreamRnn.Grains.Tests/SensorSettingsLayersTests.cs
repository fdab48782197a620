using System.Collections.Immutable;
using StreamRnn.Contracts;
using StreamRnn.Grains.Training;
using StreamRnn.Scoring;

namespace StreamRnn.Grains.Tests;

public sealed class SensorSettingsLayersTests
{
    [Fact]
    public void Build_SensorsWithoutOwnOverrides_ShareOneSettingsGraph()
    {
        var options = new SensorOptions();
        var fineTuning = new FineTuningOptions();
        var a = new SensorSettingsLayers(options, fineTuning);
        var b = new SensorSettingsLayers(options, fineTuning);

        Assert.Same(a.Pipeline, b.Pipeline);
        Assert.Same(a.Build(SensorSettingsOverrides.None).Pipeline, b.Build(SensorSettingsOverrides.None).Pipeline);
        Assert.Same(a.Pipeline, a.Build(SensorSettingsOverrides.None).Pipeline);
    }

    [Fact]
    public void Build_OwnOverridesOrAnotherGroup_GetsItsOwnSettings()
    {
        var options = new SensorOptions();
        var fineTuning = new FineTuningOptions();
        var plain = new SensorSettingsLayers(options, fineTuning);
        var grouped = new SensorSettingsLayers(options, fineTuning);
        grouped.TakeGroup(new SensorSettingsOverrides(ImmutableSortedDictionary<string, string>.Empty.Add("StuckReadings", "40"), 3), force: true);

        var own = plain.Build(new SensorSettingsOverrides(ImmutableSortedDictionary<string, string>.Empty.Add("StuckReadings", "30"), 1));
        var group = grouped.Build(SensorSettingsOverrides.None);

        Assert.Equal(30, own.Pipeline.StuckReadings);
        Assert.Equal(40, group.Pipeline.StuckReadings);
        Assert.Equal(new SensorOptions().StuckReadings, plain.Build(SensorSettingsOverrides.None).Pipeline.StuckReadings);
        Assert.NotSame(plain.Pipeline, group.Pipeline);
    }

    [Fact]
    public void Build_SensorsWithOverridesOfTheirOwn_StillShareTheSilosTrainingWindowSettings()
    {
        var options = new SensorOptions();
        var fineTuning = new FineTuningOptions();
        var overrides = new SensorSettingsOverrides(ImmutableSortedDictionary<string, string>.Empty.Add("StuckReadings", "30"), 1);

        var a = new SensorSettingsLayers(options, fineTuning).Build(overrides);
        var b = new SensorSettingsLayers(options, fineTuning).Build(overrides);

        Assert.NotSame(a.Pipeline, b.Pipeline);
        Assert.NotNull(a.Pipeline.TrainingWindows);
        Assert.Same(a.Pipeline.TrainingWindows, b.Pipeline.TrainingWindows);
    }
}
