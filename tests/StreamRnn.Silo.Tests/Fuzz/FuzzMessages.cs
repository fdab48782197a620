using System.Globalization;
using System.Text;

namespace StreamRnn.Silo.Tests.Fuzz;

/// <summary>
/// Generates the fuzz test's traffic from a seed: good readings of steady sensors, interleaved with every kind of bad
/// input: random bytes, truncated and deeply nested JSON, huge and tiny numbers, huge strings, invalid UTF-8 keys,
/// bidirectional and zero-width ids, extreme timestamps, out-of-order and duplicate timestamps, values of several MB.
/// Readings far outside a sensor's range but valid (1e300, 5e-324) are good readings of their own sensors. What each
/// message must become is said by the generator, never by the parser under test.
/// </summary>
public sealed class FuzzMessages
{
    private readonly Random _random;
    private readonly DateTimeOffset _start;
    private readonly Dictionary<string, DateTimeOffset> _lastTaken = new(StringComparer.Ordinal);

    public FuzzMessages(int seed, DateTimeOffset start)
    {
        _random = new Random(seed);
        _start = start;
    }

    /// <summary><paramref name="good"/> readings spread over <paramref name="goodSensors"/> steady sensors, with about <paramref name="bad"/> other messages among them.</summary>
    public List<FuzzMessage> Generate(int goodSensors, int good, int bad)
    {
        var messages = new List<FuzzMessage>(good + bad);
        var produced = new int[goodSensors];
        var badMade = 0;
        for (var i = 0; i < good; i++)
        {
            var sensor = i % goodSensors;
            var id = $"fuzz-good-{sensor:D2}";
            var at = _start.AddMinutes(produced[sensor]++);
            messages.Add(FuzzMessage.Good(id, Reading(at, 20 + (5 * Math.Sin(i / 30.0)))));
            for (var target = (long)bad * (i + 1) / good; badMade < target; badMade++)
            {
                messages.AddRange(NextBad());
            }
        }

        return messages;
    }

    private IEnumerable<FuzzMessage> NextBad()
    {
        var key = Encoding.UTF8.GetBytes($"fuzz-bad-{_random.Next(1_000)}");
        var at = _start.AddMinutes(_random.Next(100_000));
        switch (_random.Next(16))
        {
            case 0:
                var noise = new byte[_random.Next(1, 300)];
                _random.NextBytes(noise);
                noise[0] = (byte)'#'; // never a JSON value: a number or literal prefix could parse
                yield return FuzzMessage.Bad(key, noise, "random-bytes", "invalid-json");
                break;
            case 1:
                var whole = Reading(at, _random.NextDouble());
                yield return FuzzMessage.Bad(key, whole[..^_random.Next(1, whole.Length)], "truncated-json", "invalid-json");
                break;
            case 2:
                var depth = _random.Next(65, 300);
                var nested = $"{{\"timestamp\":\"{at:O}\",\"value\":1,\"x\":{new string('[', depth)}{new string(']', depth)}}}";
                yield return FuzzMessage.Bad(key, Encoding.UTF8.GetBytes(nested), "deep-json", "invalid-json");
                break;
            case 3:
                var huge = _random.Next(2) == 0 ? "1e400" : "-2e308";
                yield return FuzzMessage.Bad(key, Text($"{{\"timestamp\":\"{at:O}\",\"value\":{huge}}}"), "huge-number", "non-finite");
                break;
            case 4:
                var text = new string((char)('a' + _random.Next(26)), _random.Next(100, 1_000));
                yield return FuzzMessage.Bad(key, Text($"{{\"timestamp\":\"{at:O}\",\"value\":\"{text}\"}}"), "huge-string", "non-numeric");
                break;
            case 5:
                var badUtf8 = new[] { new byte[] { 0xC3, 0x28 }, [0xED, 0xA0, 0x80], [0xFF, 0xFE, 0x41], [0x66, 0x80, 0x80] }[_random.Next(4)];
                yield return FuzzMessage.Bad(badUtf8, Reading(at, 1), "invalid-utf8-key", "invalid-key");
                break;
            case 6:
                var lookalike = new[] { "fuzz-good-0\u200B1", "\u202Efuzz-good-01", "fuzz\u2066-good\u2069", "\uFEFFfuzz-good-02", "fuzz-good-03\u200D", " fuzz-good-04", "fuzz-e\u0301" }[_random.Next(7)];
                yield return FuzzMessage.Bad(Text(lookalike), Reading(at, 1), "bidi-zero-width-id", "invalid-key");
                break;
            case 7:
                var (timestamp, reason) = new (string, string)[]
                {
                    ("\"0000-01-01T00:00:00Z\"", "bad-timestamp"),
                    ("\"1969-12-31T23:59:59Z\"", "bad-timestamp"),
                    ("\"+10000-01-01T00:00:00Z\"", "bad-timestamp"),
                    ("-1", "bad-timestamp"),
                    ("1e20", "bad-timestamp"),
                    ("\"2026-01-01T00:00:00\"", "bad-timestamp"),
                    ("\"9999-12-31T23:59:59Z\"", "future-timestamp"),
                    ("253402300799000", "future-timestamp"),
                }[_random.Next(8)];
                yield return FuzzMessage.Bad(key, Text($"{{\"timestamp\":{timestamp},\"value\":1}}"), "extreme-timestamp", reason);
                break;
            case 8:
                yield return FuzzMessage.Bad(Text(new string('k', _random.Next(257, 1_200))), Reading(at, 1), "huge-key", "invalid-key");
                break;
            case 9:
                yield return FuzzMessage.Bad(null, Reading(at, 1), "no-key", "missing-key");
                break;
            case 10:
                yield return FuzzMessage.Bad(key, Text($"{{\"timestamp\":\"{at:O}\",\"value\":[1,2]}}"), "channels", "channel-mismatch");
                break;
            case 11:
                yield return FuzzMessage.Bad(key, Text($"{{\"timestamp\":\"{at:O}\",\"value\":\"NaN\"}}"), "nan", "non-finite");
                break;
            case 12:
                yield return FuzzMessage.Bad(key, [], "empty", "invalid-json");
                break;
            case 13 when _random.Next(4) == 0:
                // Just over the limit: the log of librdkafka's mock cluster keeps about 5 MB per partition, so the test
                // writes its values of several MB on their own (MegabyteValues).
                var padded = Text($"{{\"timestamp\":\"{at:O}\",\"value\":1,\"pad\":\"{new string('p', _random.Next(4_097, 6_000))}\"}}");
                yield return FuzzMessage.Bad(key, padded, "oversized", "oversized");
                break;
            case 13:
                yield return FuzzMessage.Bad(key, Text($"{{\"timestamp\":\"{at:O}\",\"value\":[]}}"), "empty-array", "missing-value");
                break;
            case 14:
            case 15:
                foreach (var message in Disordered())
                {
                    yield return message;
                }

                break;
        }
    }

    /// <summary>
    /// A reading of one of a few sensors at a time that may be later than its last (taken), equal to it (a
    /// duplicate) or earlier (out of order); far-out values (1e300, 5e-324, -1.7e308) are valid readings.
    /// </summary>
    private IEnumerable<FuzzMessage> Disordered()
    {
        var id = $"fuzz-order-{_random.Next(10)}";
        var last = _lastTaken.GetValueOrDefault(id, _start);
        var value = new[] { 1.0, 1e300, 5e-324, -1.7e308, 42.5 }[_random.Next(5)];
        switch (_random.Next(4))
        {
            case 0 when _lastTaken.ContainsKey(id):
                yield return FuzzMessage.Bad(Text(id), Reading(last, value), "duplicate-timestamp", "duplicate-timestamp");
                break;
            case 1 when _lastTaken.ContainsKey(id):
                yield return FuzzMessage.Bad(Text(id), Reading(last.AddSeconds(-_random.Next(1, 100_000)), value), "out-of-order", "out-of-order");
                break;
            default:
                var at = last.AddSeconds(_random.Next(1, 600));
                _lastTaken[id] = at;
                yield return FuzzMessage.Good(id, Reading(at, value), "extreme-good");
                break;
        }
    }

    /// <summary>Readings of several MB (oversized), each to be written on its own.</summary>
    public IEnumerable<FuzzMessage> MegabyteValues()
    {
        foreach (var megabytes in new[] { 2, 3, 4 })
        {
            var padded = Text($"{{\"timestamp\":\"{_start:O}\",\"value\":1,\"pad\":\"{new string('p', megabytes * 1_000_000)}\"}}");
            yield return FuzzMessage.Bad(Text($"fuzz-megabytes-{megabytes}"), padded, "several-megabytes", "oversized");
        }
    }

    private static byte[] Reading(DateTimeOffset at, double value) =>
        Text($"{{\"timestamp\":\"{at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}\",\"value\":{value.ToString("R", CultureInfo.InvariantCulture)}}}");

    private static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);
}
