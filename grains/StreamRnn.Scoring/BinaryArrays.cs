using System.Runtime.InteropServices;

namespace StreamRnn.Scoring;

/// <summary>
/// Writes arrays of numbers the way <see cref="BinaryWriter"/> writes each element (little-endian), in one copy where the
/// machine is little-endian: a state snapshot taken on every sensor call writes a few hundred numbers, and one
/// <see cref="Stream.Write(ReadOnlySpan{byte})"/> per number was most of its cost.
/// </summary>
internal static class BinaryArrays
{
    public static void Write(BinaryWriter writer, ReadOnlySpan<double> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            writer.Write(MemoryMarshal.AsBytes(values));
            return;
        }

        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    public static void Write(BinaryWriter writer, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            writer.Write(MemoryMarshal.AsBytes(values));
            return;
        }

        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    public static void Write(BinaryWriter writer, ReadOnlySpan<int> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            writer.Write(MemoryMarshal.AsBytes(values));
            return;
        }

        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    public static void Write(BinaryWriter writer, ReadOnlySpan<ushort> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            writer.Write(MemoryMarshal.AsBytes(values));
            return;
        }

        foreach (var value in values)
        {
            writer.Write(value);
        }
    }
}
