using Microsoft.Extensions.Options;

namespace StreamRnn.Hosting;

/// <summary>Validates <see cref="ReminderStorageOptions"/> at start; every message names the setting.</summary>
[OptionsValidator]
public sealed partial class ReminderStorageOptionsValidator : IValidateOptions<ReminderStorageOptions>
{
}
