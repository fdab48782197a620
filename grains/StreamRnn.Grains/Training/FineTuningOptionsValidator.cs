using Microsoft.Extensions.Options;

namespace StreamRnn.Grains.Training;

/// <summary>Validates <see cref="FineTuningOptions"/> at start (data annotations and the cross-field rules).</summary>
[OptionsValidator]
public sealed partial class FineTuningOptionsValidator : IValidateOptions<FineTuningOptions>
{
}
