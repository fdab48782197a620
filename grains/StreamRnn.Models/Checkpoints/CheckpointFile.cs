using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace StreamRnn.Models.Checkpoints;

/// <summary>
/// The checkpoint file format, version 1. Little-endian throughout:
/// <code>
/// "SRNNCKPT"            8 bytes, magic
/// version               uint32 (1)
/// header length         uint32, then the header: UTF-8 JSON (architecture, normalisation, metadata,
///                       parameter names and shapes, in order)
/// weights               float32 values of every parameter, in header order
/// SHA-256               32 bytes over everything above
/// </code>
/// Loading checks, in order, the magic, the version, the length, the SHA-256, the header and that the
/// weights fill exactly the shapes; each failure is a <see cref="CheckpointException"/> naming the problem.
/// </summary>
public static class CheckpointFile
{
    public const int FormatVersion = 1;

    private static ReadOnlySpan<byte> Magic => "SRNNCKPT"u8;
    private const int HashLength = SHA256.HashSizeInBytes;
    private const int PreambleLength = 8 + 4 + 4;

    /// <summary>Writes <paramref name="checkpoint"/> to <paramref name="path"/> (through a temporary file, so a crash never leaves half a checkpoint).</summary>
    public static void Save(ModelCheckpoint checkpoint, string path)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = Serialize(checkpoint);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads and verifies the checkpoint at <paramref name="path"/>.</summary>
    public static ModelCheckpoint Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new CheckpointException($"Checkpoint '{path}' does not exist.");
        }

        return Deserialize(File.ReadAllBytes(path), path);
    }

    /// <summary>The bytes of a checkpoint file.</summary>
    public static byte[] Serialize(ModelCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        foreach (var parameter in checkpoint.Parameters)
        {
            if (parameter.ElementCount != parameter.Values.Length)
            {
                throw new ArgumentException($"Parameter '{parameter.Name}' has {parameter.Values.Length} values for shape [{string.Join(", ", parameter.Shape)}].", nameof(checkpoint));
            }
        }

        var header = new CheckpointHeader(
            checkpoint.Architecture,
            checkpoint.Normalization,
            checkpoint.Metadata,
            [.. checkpoint.Parameters.Select(p => new CheckpointParameterLayout(p.Name, p.Shape))]);
        var headerBytes = JsonSerializer.SerializeToUtf8Bytes(header, CheckpointJsonContext.Default.CheckpointHeader);
        var weightCount = checkpoint.Parameters.Sum(p => (long)p.Values.Length);
        var length = PreambleLength + headerBytes.Length + weightCount * sizeof(float) + HashLength;
        var bytes = new byte[length];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], FormatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(span[12..], (uint)headerBytes.Length);
        headerBytes.CopyTo(span[PreambleLength..]);
        var offset = PreambleLength + headerBytes.Length;
        foreach (var parameter in checkpoint.Parameters)
        {
            var target = span.Slice(offset, parameter.Values.Length * sizeof(float));
            if (BitConverter.IsLittleEndian)
            {
                MemoryMarshal.AsBytes(parameter.Values.AsSpan()).CopyTo(target);
            }
            else
            {
                for (var i = 0; i < parameter.Values.Length; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(target[(i * sizeof(float))..], parameter.Values[i]);
                }
            }

            offset += target.Length;
        }

        SHA256.HashData(span[..offset], span[offset..]);
        return bytes;
    }

    /// <summary>Reads and verifies checkpoint bytes; <paramref name="source"/> names them in error messages.</summary>
    public static ModelCheckpoint Deserialize(ReadOnlySpan<byte> bytes, string source = "checkpoint")
    {
        if (bytes.Length < Magic.Length || !bytes[..Magic.Length].SequenceEqual(Magic))
        {
            throw new CheckpointException($"'{source}' is not a StreamRnn checkpoint (no SRNNCKPT header).");
        }

        if (bytes.Length < PreambleLength + HashLength)
        {
            throw new CheckpointException($"'{source}' is truncated: {bytes.Length} bytes is shorter than any checkpoint.");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        if (version != FormatVersion)
        {
            throw new CheckpointException($"'{source}' has checkpoint format version {version}; this build reads version {FormatVersion}.");
        }

        var headerLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes[12..]);
        if (PreambleLength + (long)headerLength + HashLength > bytes.Length)
        {
            throw new CheckpointException($"'{source}' is truncated: its header says {headerLength} bytes but the file has {bytes.Length}.");
        }

        var content = bytes[..^HashLength];
        Span<byte> actual = stackalloc byte[HashLength];
        SHA256.HashData(content, actual);
        if (!actual.SequenceEqual(bytes[^HashLength..]))
        {
            throw new CheckpointException($"'{source}' is corrupt or truncated: its SHA-256 does not match its content.");
        }

        CheckpointHeader? header;
        try
        {
            header = JsonSerializer.Deserialize(content.Slice(PreambleLength, (int)headerLength), CheckpointJsonContext.Default.CheckpointHeader);
        }
        catch (JsonException exception)
        {
            throw new CheckpointException($"'{source}' has an unreadable header: {exception.Message}", exception);
        }

        if (header?.Architecture is null || header.Parameters is null)
        {
            throw new CheckpointException($"'{source}' has an incomplete header (architecture or parameters missing).");
        }

        var weights = content[(PreambleLength + (int)headerLength)..];
        var expected = header.Parameters.Sum(p => p.Shape.Aggregate(1L, (product, dimension) => product * dimension)) * sizeof(float);
        if (expected != weights.Length)
        {
            throw new CheckpointException($"'{source}' holds {weights.Length} bytes of weights but its parameter shapes need {expected}.");
        }

        var parameters = new List<CheckpointParameter>(header.Parameters.Count);
        var offset = 0;
        foreach (var layout in header.Parameters)
        {
            var count = (int)layout.Shape.Aggregate(1L, (product, dimension) => product * dimension);
            var values = new float[count];
            for (var i = 0; i < count; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(weights[(offset + i * sizeof(float))..]);
            }

            offset += count * sizeof(float);
            parameters.Add(new CheckpointParameter(layout.Name, layout.Shape, values));
        }

        return new ModelCheckpoint(header.Architecture, header.Normalization ?? [], header.Metadata ?? new Dictionary<string, string>(), parameters);
    }

    /// <summary>The SHA-256 (hex) of a checkpoint file's content, as stored in its last 32 bytes.</summary>
    public static string ContentSha256(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return bytes.Length < HashLength ? string.Empty : Convert.ToHexStringLower(bytes.AsSpan(bytes.Length - HashLength));
    }
}
