using System.ComponentModel.DataAnnotations;

namespace StreamRnn.Hosting;

/// <summary>
/// Where the silo keeps Orleans reminders and how often they may fire. Section <c>Reminders</c>.
/// With no <c>Reminders:Redis:ConnectionString</c> reminders are kept in memory (the embedded
/// default, not durable: they are lost when the silo holding the in-memory table stops); with one,
/// they are kept in Redis and survive the loss of any silo, or of all of them.
/// </summary>
public sealed class ReminderStorageOptions : IValidatableObject
{
    public const string SectionName = "Reminders";

    /// <summary>The configuration key of <see cref="RedisReminderStorageOptions.ConnectionString"/>.</summary>
    public const string RedisConnectionStringKey = SectionName + ":" + nameof(Redis) + ":" + nameof(RedisReminderStorageOptions.ConnectionString);

    /// <summary>The Redis store (section <c>Reminders:Redis</c>).</summary>
    public RedisReminderStorageOptions Redis { get; set; } = new();

    /// <summary>The shortest period a grain may register a reminder with (Orleans' <c>ReminderOptions.MinimumReminderPeriod</c>).</summary>
    public TimeSpan MinimumPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinimumPeriod <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"{SectionName}:{nameof(MinimumPeriod)} must be positive (it is {MinimumPeriod}).", [nameof(MinimumPeriod)]);
        }

        if (!string.IsNullOrWhiteSpace(Redis.ConnectionString) && RedisConnectionString.Problem(Redis.ConnectionString) is { } problem)
        {
            yield return new ValidationResult($"{RedisConnectionStringKey} {problem}", [nameof(Redis)]);
        }
    }
}
