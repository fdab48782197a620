using Microsoft.Extensions.Options;

namespace StreamRnn.Models;

/// <summary>Source-generated DataAnnotations validator for <see cref="ModelOptions"/>.</summary>
[OptionsValidator]
public partial class ModelOptionsValidator : IValidateOptions<ModelOptions>
{
}
