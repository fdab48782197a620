namespace StreamRnn.Contracts;

/// <summary>
/// Marks a grain method that only code running in a silo (the Kafka ingest, other grains) may call. A silo refuses
/// a call to it from a cluster client (<c>streamrnn</c>, any program connected through a gateway) with
/// <see cref="UnauthorizedAccessException"/>: readings reach sensors only through the readings topic, where they
/// are checked, ordered by offset and dead-lettered when bad.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class IngestOnlyAttribute : Attribute;
