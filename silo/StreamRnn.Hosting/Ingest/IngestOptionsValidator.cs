using Microsoft.Extensions.Options;

namespace StreamRnn.Hosting.Ingest;

/// <summary>Validates <see cref="IngestOptions"/> at start.</summary>
[OptionsValidator]
public sealed partial class IngestOptionsValidator : IValidateOptions<IngestOptions>
{
}
