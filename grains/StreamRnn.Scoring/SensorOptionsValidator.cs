using Microsoft.Extensions.Options;

namespace StreamRnn.Scoring;

/// <summary>Validates <see cref="SensorOptions"/> at start (data annotations and the cross-field rules).</summary>
[OptionsValidator]
public sealed partial class SensorOptionsValidator : IValidateOptions<SensorOptions>
{
}
