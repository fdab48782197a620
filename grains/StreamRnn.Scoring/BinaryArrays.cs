using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace StreamRnn.Scoring;

/// <summary>
/// Writes arrays of numbers the way <see cref="BinaryWriter"/> writes each element (little-endian), in one copy where the
/// machine is little-endian: a state snapshot taken on every sensor call writes a few hundred numbers, and one
/// <see cref="Stream.Write(ReadOnlySpan{byte})"/> per number was most of its cost.
/// </summary>
internal static class BinaryArrays
{
    /// <summary>Writes <paramref name="values"/> (numbers: <see cref="double"/>, <see cref="float"/>, integers) as little-endian bytes.</summary>
    public static void Write<T>(BinaryWriter writer, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(values);
        if (BitConverter.IsLittleEndian)
        {
            writer.Write(bytes);
            return;
        }

        // A big-endian machine: each element's bytes reversed, as BinaryWriter writes a number.
        Span<byte> element = stackalloc byte[Unsafe.SizeOf<T>()];
        for (var start = 0; start < bytes.Length; start += element.Length)
        {
            bytes.Slice(start, element.Length).CopyTo(element);
            element.Reverse();
            writer.Write(element);
        }
    }
}
