using System.Security.Cryptography;
using System.Text;
using StreamRnn.Contracts;

namespace StreamRnn.Grains;

/// <summary>Deterministic alert ids: the same (sensor, partition, offset, kind) always gives the same id.</summary>
public static class AlertIds
{
    public static string Create(string sensorId, int partition, long offset, AlertKind kind)
    {
        ArgumentNullException.ThrowIfNull(sensorId);
        var text = $"{sensorId}\n{partition}\n{offset}\n{kind}";
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }
}
