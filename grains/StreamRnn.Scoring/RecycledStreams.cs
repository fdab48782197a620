using System.Collections.Concurrent;

namespace StreamRnn.Scoring;

/// <summary>
/// A small process-wide pool of growable memory streams for state written on every call and thrown away (snapshots):
/// a returned stream keeps its buffer, so the next writer neither grows one nor copies it out. Bounded: at most
/// <see cref="MaxPooled"/> streams of at most <see cref="MaxRetainedCapacity"/> bytes are kept; others are dropped.
/// </summary>
internal static class RecycledStreams
{
    public const int MaxPooled = 512;

    public const int MaxRetainedCapacity = 64 * 1024;

    private const int InitialCapacity = 8 * 1024;

    private static readonly ConcurrentQueue<MemoryStream> Pool = new();

    /// <summary>An empty stream, from the pool when one is there.</summary>
    public static MemoryStream Rent() => Pool.TryDequeue(out var stream) ? stream : new MemoryStream(InitialCapacity);

    /// <summary>Gives <paramref name="stream"/> back: emptied and kept, or dropped when the pool is full or it grew large.</summary>
    public static void Return(MemoryStream stream)
    {
        if (stream.Capacity > MaxRetainedCapacity || Pool.Count >= MaxPooled)
        {
            return;
        }

        stream.SetLength(0);
        Pool.Enqueue(stream);
    }
}
