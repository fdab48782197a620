using StreamRnn.Contracts;

namespace StreamRnn.WebConsole.Api;

/// <summary>The body of a lift: the suppression's sensor, kind (by name, any case: as the API lists it) or both, as it was made, and why.</summary>
public sealed record ConsoleLiftRequest(string? SensorId, string? Kind, string? Reason)
{
    /// <summary>The kind named, null for none; false when the name is not a kind.</summary>
    public bool TryKind(out AlertKind? kind)
    {
        kind = null;
        if (string.IsNullOrWhiteSpace(Kind))
        {
            return true;
        }

        if (Enum.TryParse<AlertKind>(Kind, ignoreCase: true, out var named) && Enum.IsDefined(named))
        {
            kind = named;
            return true;
        }

        return false;
    }
}
