using Microsoft.Extensions.Options;

namespace StreamRnn.Kafka;

/// <summary>
/// Validates <see cref="KafkaOptions"/>: the DataAnnotations (source-generated) plus the
/// cross-field rules of <see cref="KafkaOptions.Validate"/>. Every message names the setting.
/// </summary>
[OptionsValidator]
public sealed partial class KafkaOptionsValidator : IValidateOptions<KafkaOptions>
{
}
