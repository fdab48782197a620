using System.ComponentModel.DataAnnotations;

namespace StreamRnn.Kafka;

/// <summary>
/// A <see cref="RangeAttribute"/> whose <see cref="ValidationAttribute.ErrorMessage"/> is honoured by
/// the options validator source generator, which swaps the framework's own <see cref="RangeAttribute"/>
/// for a copy that ignores it (so messages could not name the setting, e.g. <c>Kafka:Partitions</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, AllowMultiple = false)]
internal sealed class SettingRangeAttribute(int minimum, int maximum) : RangeAttribute(minimum, maximum);
