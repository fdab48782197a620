using Microsoft.Extensions.Options;

namespace StreamRnn.Grains;

/// <summary>Validates <see cref="SensorActivationOptions"/> at start.</summary>
[OptionsValidator]
public sealed partial class SensorActivationOptionsValidator : IValidateOptions<SensorActivationOptions>
{
}
