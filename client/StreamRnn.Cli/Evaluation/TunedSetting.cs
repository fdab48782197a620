using System.Globalization;
using StreamRnn.Grains.Training;
using StreamRnn.Scoring;

namespace StreamRnn.Cli.Evaluation;

/// <summary>
/// A setting the generalisation protocol moves: a scoring setting whose default was chosen by comparing NAB scores, or a
/// fine-tuning setting that decides how far a round moves the model (docs/NAB.md); its key, default and why it has that
/// value. The protocol halves and doubles a number (rounded for a count) and turns a switch over, to show how much the
/// score leans on each.
/// </summary>
/// <param name="Key">The configuration key (<c>Sensors:MinimumEventGap</c>).</param>
/// <param name="Default">The default, as configuration reads it.</param>
/// <param name="Kind">A real number, a count, or a switch.</param>
/// <param name="Reason">What the setting does, in a line.</param>
internal sealed record TunedSetting(string Key, string Default, TunedSettingKind Kind, string Reason)
{
    /// <summary>
    /// Every setting whose default was chosen by NAB scores (docs/NAB.md, "What the settings are"), then the fine-tuning
    /// settings that decide how far a round moves the model.
    /// </summary>
    public static IReadOnlyList<TunedSetting> All { get; } = Create(new SensorOptions(), new FineTuningOptions());

    /// <summary>Whether this is a fine-tuning setting (<c>Training:</c>), which only moves anything when fine-tuning runs.</summary>
    public bool IsFineTuning => Key.StartsWith(FineTuningOptions.SectionName + ":", StringComparison.Ordinal);

    /// <summary>The variants that move this setting, each with its name and value.</summary>
    public IEnumerable<(string Name, string Value)> Variants()
    {
        if (Kind == TunedSettingKind.Switch)
        {
            var other = !bool.Parse(Default);
            yield return ($"{Key}={(other ? "true" : "false")}", other ? "true" : "false");
            yield break;
        }

        var value = double.Parse(Default, CultureInfo.InvariantCulture);
        foreach (var (factor, label) in new[] { (0.5, "half"), (2.0, "double") })
        {
            var moved = Kind == TunedSettingKind.Count
                ? Math.Max(1, (long)Math.Round(value * factor, MidpointRounding.AwayFromZero)).ToString(CultureInfo.InvariantCulture)
                : (value * factor).ToString("R", CultureInfo.InvariantCulture);
            yield return ($"{Key} {label} ({moved})", moved);
        }
    }

    private static TunedSetting[] Create(SensorOptions defaults, FineTuningOptions fineTuning)
    {
        static TunedSetting Real(string key, double value, string reason) => new(key, value.ToString("R", CultureInfo.InvariantCulture), TunedSettingKind.Real, reason);
        static TunedSetting Count(string key, int value, string reason) => new(key, value.ToString(CultureInfo.InvariantCulture), TunedSettingKind.Count, reason);
        static TunedSetting Switch(string key, bool value, string reason) => new(key, value ? "true" : "false", TunedSettingKind.Switch, reason);
        return
        [
            Real("Sensors:SurpriseScale", defaults.SurpriseScale, "standard deviations of the short-term average error above its usual level that make a surprise of 0.5"),
            Count("Sensors:MinimumEventGap", defaults.MinimumEventGap, "readings between two anomaly events' starts"),
            Real("Sensors:EventGapFraction", defaults.EventGapFraction, "the gap between events' starts as a fraction of the readings a sensor has scored, where that is fewer"),
            Real("Sensors:NoveltyScale", defaults.NoveltyScale, "the excess beyond the range a sensor has seen, as a fraction of its width, that makes a surprise of 0.5"),
            Count("Sensors:QuietReadings", defaults.QuietReadings, "readings below the clear threshold that end an event"),
            Count("Sensors:LearningReadings", defaults.LearningReadings, "readings a sensor learns before it may alert"),
            Count("Sensors:ErrorAveragingReadings", defaults.ErrorAveragingReadings, "readings in the short-term average of forecast errors"),
            Count("Sensors:ErrorMemory", defaults.ErrorMemory, "readings the likelihood remembers of the usual errors"),
            Switch("Sensors:WeeklyProfile", defaults.WeeklyProfile, "an hour-of-week seasonal profile besides the hour-of-day one"),
            Switch("Sensors:SeasonalSpread", defaults.SeasonalSpread, "each hour's own spread of errors"),
            Switch("Sensors:DirectionalErrors", defaults.DirectionalErrors, "one-sided (upward, downward) errors judged besides the two-sided one"),
            Real("Sensors:SpreadAdaptation", defaults.SpreadAdaptation, "how fast an hour's own spread of distances from the profile follows new ones"),
            Real("Sensors:SpreadFloor", defaults.SpreadFloor, "the fraction of the overall spread below which no hour's spread is taken"),
            Count("Sensors:SpreadMemory", defaults.SpreadMemory, "distances from the profile the overall spread remembers"),
            Real("Sensors:DirectionalSurpriseScale", defaults.DirectionalSurpriseScale, "the one-sided errors' surprise scale (stricter than the two-sided one)"),
            Count("Sensors:ScaledAveragingFloor", defaults.ScaledAveragingFloor, "the fewest errors a short-term average scaled down for a slow sensor takes"),
            Real("Training:LearningRate", fineTuning.LearningRate, "the fine-tuning optimiser's learning rate: how far each step of a round moves the model"),
            Count("Training:Epochs", fineTuning.Epochs, "passes a fine-tuning round makes over its windows"),
            Count("Training:WindowsPerSensor", fineTuning.WindowsPerSensor, "each sensor's newest clean windows a round trains on"),
        ];
    }
}

/// <summary>How a tuned setting is moved: a real number and a count are halved and doubled, a switch turned over.</summary>
internal enum TunedSettingKind
{
    Real,
    Count,
    Switch,
}
