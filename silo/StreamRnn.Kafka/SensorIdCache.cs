using System.Text;

namespace StreamRnn.Kafka;

/// <summary>
/// The sensor ids a consumer has already decoded and checked (<see cref="ReadingCodec.Parse"/>): a key seen before gives
/// back the same string, with no new string and none of the checks a new key goes through (it is still checked to be
/// valid UTF-8 first, so no other bytes can stand for it). Holds at most <see cref="Capacity"/> ids and starts afresh
/// when full, so a flood of distinct ids costs at most that many strings. Safe to share between threads.
/// </summary>
public sealed class SensorIdCache
{
    /// <summary>The ids kept by default: enough for the sensors one consumer usually reads, about 1.5 MB when full.</summary>
    public const int DefaultCapacity = 16_384;

    private readonly Lock _gate = new();
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <summary>Creates an empty cache that keeps at most <paramref name="capacity"/> ids.</summary>
    public SensorIdCache(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        _lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The most ids kept; the cache is emptied when one more would not fit.</summary>
    public int Capacity { get; }

    /// <summary>The ids kept now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _ids.Count;
            }
        }
    }

    /// <summary>The id checked before whose key is <paramref name="utf8Key"/> (valid UTF-8, at most <see cref="ReadingCodec.MaxKeyBytes"/> bytes), or null.</summary>
    internal string? Find(ReadOnlySpan<byte> utf8Key)
    {
        // A UTF-8 key of n bytes has at most n UTF-16 chars.
        Span<char> chars = stackalloc char[ReadingCodec.MaxKeyBytes];
        var length = Encoding.UTF8.GetChars(utf8Key, chars);
        lock (_gate)
        {
            return _lookup.TryGetValue(chars[..length], out var id) ? id : null;
        }
    }

    /// <summary>Keeps <paramref name="sensorId"/>, which passed every check, emptying the cache first when it is full.</summary>
    internal void Remember(string sensorId)
    {
        lock (_gate)
        {
            if (_ids.Count >= Capacity)
            {
                _ids.Clear();
            }

            _ids.Add(sensorId);
        }
    }
}
