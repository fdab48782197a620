using Microsoft.Extensions.Options;

namespace StreamRnn.Batching;

/// <summary>Source-generated DataAnnotations validator for <see cref="InferenceOptions"/>.</summary>
[OptionsValidator]
public partial class InferenceOptionsValidator : IValidateOptions<InferenceOptions>
{
}
