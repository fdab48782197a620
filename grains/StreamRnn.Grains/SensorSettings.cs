using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using StreamRnn.Scoring;

namespace StreamRnn.Grains;

/// <summary>
/// Run-time overrides of <see cref="SensorOptions"/>: which keys can be overridden, and the options they make, checked
/// with the same rules as the configuration at start.
/// </summary>
public static class SensorSettings
{
    private static readonly ImmutableSortedSet<string> Keys = [.. typeof(SensorOptions)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(property => property.CanWrite)
        .Select(property => property.Name)];

    /// <summary>The keys that can be overridden: every <c>Sensors:*</c> setting.</summary>
    public static IReadOnlySet<string> OverridableKeys => Keys;

    /// <summary>
    /// <paramref name="baseOptions"/> with each layer of overrides applied in order (later layers win), validated.
    /// Throws <see cref="ArgumentException"/> naming the first unknown key, unreadable value or broken rule.
    /// </summary>
    public static SensorOptions Apply(SensorOptions baseOptions, params IReadOnlyDictionary<string, string>[] layers)
    {
        ArgumentNullException.ThrowIfNull(baseOptions);
        ArgumentNullException.ThrowIfNull(layers);
        var options = baseOptions.Clone();
        foreach (var layer in layers)
        {
            foreach (var (key, value) in layer)
            {
                if (!Keys.Contains(key))
                {
                    throw new ArgumentException($"{SensorOptions.SectionName}:{key} is not a sensor setting; known: {string.Join(", ", Keys)}.", nameof(layers));
                }

                try
                {
                    new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build().Bind(options);
                }
                catch (InvalidOperationException exception)
                {
                    throw new ArgumentException($"{SensorOptions.SectionName}:{key}: '{value}' is not a valid value ({exception.Message}).", nameof(layers), exception);
                }
            }
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            var failure = results[0];
            var member = failure.MemberNames.FirstOrDefault();
            throw new ArgumentException(member is null ? failure.ErrorMessage : $"{SensorOptions.SectionName}:{member}: {failure.ErrorMessage}", nameof(layers));
        }

        return options;
    }

    /// <summary>Every overridable setting of <paramref name="options"/> as configuration would write it.</summary>
    public static ImmutableSortedDictionary<string, string> Describe(SensorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return typeof(SensorOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => Keys.Contains(property.Name))
            .ToImmutableSortedDictionary(property => property.Name, property => Convert.ToString(property.GetValue(options), CultureInfo.InvariantCulture) ?? string.Empty);
    }

    /// <summary><paramref name="current"/> with <paramref name="changes"/> added or replaced, as the next version.</summary>
    public static Contracts.SensorSettingsOverrides Merge(Contracts.SensorSettingsOverrides current, ImmutableSortedDictionary<string, string> changes)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(changes);
        return new(current.Values.SetItems(changes), current.Version + 1);
    }

    /// <summary>No overrides, as the version after <paramref name="current"/>.</summary>
    public static Contracts.SensorSettingsOverrides Cleared(Contracts.SensorSettingsOverrides current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return Contracts.SensorSettingsOverrides.None with { Version = current.Version + 1 };
    }
}
