using StreamRnn.Scoring;

namespace StreamRnn.Grains.Tests;

public sealed class SensorOptionsTests
{
    [Fact]
    public void ToScorerSettings_Defaults_AreTheScorersOwnDefaults()
    {
        // Two places name the defaults (the silo's configuration and the scorer used directly): they must agree.
        var fromOptions = new SensorOptions().ToScorerSettings();
        var scorer = SensorScorerSettings.Default;

        Assert.Equal(scorer.Likelihood, fromOptions.Likelihood);
        Assert.Equal(scorer.Seasonal, fromOptions.Seasonal);
        Assert.Equal(scorer.WeeklySeasonal, fromOptions.WeeklySeasonal);
        Assert.Equal(scorer.Spike, fromOptions.Spike);
        Assert.Equal(scorer.RateOfChange, fromOptions.RateOfChange);
        Assert.Equal(scorer.Range, fromOptions.Range);
        Assert.Equal(scorer.Debouncer, fromOptions.Debouncer);
        Assert.Equal(scorer.SurpriseScale, fromOptions.SurpriseScale);
        Assert.Equal(scorer.SeasonalSpread, fromOptions.SeasonalSpread);
        Assert.Equal(scorer.DirectionalSurpriseScale, fromOptions.DirectionalSurpriseScale);
        Assert.Equal(scorer, fromOptions);
    }

    [Fact]
    public void ToScorerSettings_SpreadAndDirectionalErrorsOff_LeaveThemOutOfTheScorer()
    {
        var settings = new SensorOptions { SeasonalSpread = false, DirectionalErrors = false }.ToScorerSettings();

        Assert.Null(settings.SeasonalSpread);
        Assert.Null(settings.DirectionalSurpriseScale);
        settings.Validate();
    }
}
