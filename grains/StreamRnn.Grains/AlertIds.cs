using System.Security.Cryptography;
using System.Text;
using StreamRnn.Contracts;

namespace StreamRnn.Grains;

/// <summary>Deterministic alert ids: the same (sensor, partition, offset, kind) always gives the same id.</summary>
public static class AlertIds
{
    public static string Create(string sensorId, int partition, long offset, AlertKind kind, AlertPhase phase = AlertPhase.Start)
    {
        ArgumentNullException.ThrowIfNull(sensorId);
        // A start keeps the form ids had before events had phases, so they stay stable across versions.
        var text = phase == AlertPhase.Start ? $"{sensorId}\n{partition}\n{offset}\n{kind}" : $"{sensorId}\n{partition}\n{offset}\n{kind}\n{phase}";
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }
}
