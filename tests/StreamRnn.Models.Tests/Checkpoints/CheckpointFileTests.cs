using System.Buffers.Binary;
using System.Security.Cryptography;
using StreamRnn.Models.Checkpoints;

namespace StreamRnn.Models.Tests.Checkpoints;

public sealed class CheckpointFileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"streamrnn-ckpt-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static ModelCheckpoint Sample() => new(
        new ModelShape(RecurrentCellKind.Lstm, 2, 3, 1, 5),
        [new ChannelNormalization("nyc_taxi", [15_000.5, 1], [6_900.25, 0.5])],
        new Dictionary<string, string> { ["seed"] = "17", ["bestEpoch"] = "12" },
        [
            new CheckpointParameter("rnn.weight_ih_l0", [12, 2], [.. Enumerable.Range(0, 24).Select(i => i * 0.25f - 3)]),
            new CheckpointParameter("head.bias", [5], [float.Epsilon, -0f, 1e-30f, 3.4e38f, -1.5f]),
        ]);

    [Fact]
    public void SaveThenLoad_RoundTrip_EverythingEqual()
    {
        var path = Path.Combine(_directory, "model.ckpt");
        var original = Sample();

        CheckpointFile.Save(original, path);
        var loaded = CheckpointFile.Load(path);

        Assert.Equal(original.Architecture, loaded.Architecture);
        Assert.Equal(original.Normalization[0].Series, loaded.Normalization[0].Series);
        Assert.Equal(original.Normalization[0].Means, loaded.Normalization[0].Means);
        Assert.Equal(original.Normalization[0].StandardDeviations, loaded.Normalization[0].StandardDeviations);
        Assert.Equal(original.Metadata, loaded.Metadata);
        Assert.Equal(original.Parameters.Count, loaded.Parameters.Count);
        for (var i = 0; i < original.Parameters.Count; i++)
        {
            Assert.Equal(original.Parameters[i].Name, loaded.Parameters[i].Name);
            Assert.Equal(original.Parameters[i].Shape, loaded.Parameters[i].Shape);
            Assert.Equal(original.Parameters[i].Values, loaded.Parameters[i].Values);
        }

        Assert.Equal(64, CheckpointFile.ContentSha256(path).Length);
    }

    [Fact]
    public void Deserialize_OneByteFlipped_RefusedAsCorrupt()
    {
        var bytes = CheckpointFile.Serialize(Sample());
        bytes[bytes.Length / 2] ^= 0x40;

        var exception = Assert.Throws<CheckpointException>(() => CheckpointFile.Deserialize(bytes, "flipped.ckpt"));

        Assert.Contains("corrupt", exception.Message, StringComparison.Ordinal);
        Assert.Contains("flipped.ckpt", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(100)]
    [InlineData(1)]
    public void Deserialize_Truncated_Refused(int keep)
    {
        var bytes = CheckpointFile.Serialize(Sample());
        var exception = Assert.Throws<CheckpointException>(() => CheckpointFile.Deserialize(bytes.AsSpan(0, Math.Min(keep, bytes.Length - 1)), "cut.ckpt"));
        Assert.Matches("truncated|not a StreamRnn checkpoint", exception.Message);
    }

    [Fact]
    public void Deserialize_OtherFile_RefusedAsNotACheckpoint()
    {
        var exception = Assert.Throws<CheckpointException>(() => CheckpointFile.Deserialize("{\"weights\": []}"u8, "weights.json"));
        Assert.Contains("not a StreamRnn checkpoint", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_NewerFormatVersion_RefusedNamingTheVersion()
    {
        var bytes = CheckpointFile.Serialize(Sample());
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 7);
        var exception = Assert.Throws<CheckpointException>(() => CheckpointFile.Deserialize(bytes));
        Assert.Contains("version 7", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_WeightsShorterThanShapesWithValidHash_RefusedAsMismatch()
    {
        // A file whose checksum is right but whose weights do not fill the shapes its header declares
        // (written by a broken tool, not damaged on disk).
        var bytes = CheckpointFile.Serialize(Sample());
        var content = bytes.AsSpan(0, bytes.Length - SHA256.HashSizeInBytes - sizeof(float)).ToArray();
        var forged = content.Concat(SHA256.HashData(content)).ToArray();

        var exception = Assert.Throws<CheckpointException>(() => CheckpointFile.Deserialize(forged));

        Assert.Contains("parameter shapes need", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_RefusedNamingIt()
    {
        var path = Path.Combine(_directory, "missing.ckpt");
        var exception = Assert.Throws<CheckpointException>(() => CheckpointFile.Load(path));
        Assert.Contains("missing.ckpt", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_ValuesNotMatchingShape_Throws()
    {
        var broken = Sample() with { Parameters = [new CheckpointParameter("x", [2, 2], [1f, 2f, 3f])] };
        Assert.Throws<ArgumentException>(() => CheckpointFile.Serialize(broken));
    }
}
