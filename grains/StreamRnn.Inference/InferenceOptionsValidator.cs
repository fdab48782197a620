using Microsoft.Extensions.Options;

namespace StreamRnn.Inference;

/// <summary>Source-generated DataAnnotations validator for <see cref="InferenceOptions"/>.</summary>
[OptionsValidator]
public partial class InferenceOptionsValidator : IValidateOptions<InferenceOptions>
{
}
