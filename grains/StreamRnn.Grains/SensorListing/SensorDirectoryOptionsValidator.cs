using Microsoft.Extensions.Options;

namespace StreamRnn.Grains.SensorListing;

/// <summary>Validates <see cref="SensorDirectoryOptions"/> at start.</summary>
[OptionsValidator]
public sealed partial class SensorDirectoryOptionsValidator : IValidateOptions<SensorDirectoryOptions>
{
}
