using Microsoft.Extensions.Options;

namespace StreamRnn.Hosting;

/// <summary>Validates <see cref="StreamRnnClusterOptions"/> at start; every message names the setting.</summary>
[OptionsValidator]
public sealed partial class StreamRnnClusterOptionsValidator : IValidateOptions<StreamRnnClusterOptions>
{
}
