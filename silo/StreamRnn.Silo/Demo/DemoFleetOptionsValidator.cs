using Microsoft.Extensions.Options;

namespace StreamRnn.Silo.Demo;

/// <summary>Validates <see cref="DemoFleetOptions"/> at start.</summary>
[OptionsValidator]
public sealed partial class DemoFleetOptionsValidator : IValidateOptions<DemoFleetOptions>
{
}
