using Microsoft.Extensions.Options;

namespace StreamRnn.Grains.Placement;

/// <summary>Validates <see cref="InferencePoolOptions"/> at start.</summary>
[OptionsValidator]
public sealed partial class InferencePoolOptionsValidator : IValidateOptions<InferencePoolOptions>
{
}
