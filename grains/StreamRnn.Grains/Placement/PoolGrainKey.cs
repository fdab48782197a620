using System.Globalization;
using Orleans.Runtime;

namespace StreamRnn.Grains.Placement;

/// <summary>The key of an <see cref="InferencePoolGrain"/>: <c>{silo}/{slot}</c>, the silo in Orleans' parsable form.</summary>
public static class PoolGrainKey
{
    /// <summary>The key of slot <paramref name="slot"/> on <paramref name="silo"/>.</summary>
    public static string Format(SiloAddress silo, int slot)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return string.Create(CultureInfo.InvariantCulture, $"{silo.ToParsableString()}/{slot}");
    }

    /// <summary>Reads a key written by <see cref="Format"/>; false for any other string.</summary>
    public static bool TryParse(string key, out SiloAddress silo, out int slot)
    {
        ArgumentNullException.ThrowIfNull(key);
        silo = null!;
        slot = 0;
        var separator = key.LastIndexOf('/');
        if (separator <= 0 || !int.TryParse(key.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out slot))
        {
            return false;
        }

        try
        {
            silo = SiloAddress.FromParsableString(key[..separator]);
            return silo is not null;
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or IndexOutOfRangeException)
        {
            return false;
        }
    }
}
