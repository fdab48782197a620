using Microsoft.Extensions.Options;

namespace StreamRnn.Silo.Ingest;

/// <summary>Validates <see cref="IngestOptions"/> at start.</summary>
[OptionsValidator]
public sealed partial class IngestOptionsValidator : IValidateOptions<IngestOptions>
{
}
