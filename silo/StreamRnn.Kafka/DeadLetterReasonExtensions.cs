using System.Diagnostics.CodeAnalysis;

namespace StreamRnn.Kafka;

/// <summary>Stable codes of <see cref="DeadLetterReason"/>, for headers, metrics and logs.</summary>
public static class DeadLetterReasonExtensions
{
    /// <summary>The stable kebab-case code, e.g. <c>channel-mismatch</c>.</summary>
    public static string ToCode(this DeadLetterReason reason) => reason switch
    {
        DeadLetterReason.None => "none",
        DeadLetterReason.MissingKey => "missing-key",
        DeadLetterReason.InvalidKey => "invalid-key",
        DeadLetterReason.Oversized => "oversized",
        DeadLetterReason.InvalidJson => "invalid-json",
        DeadLetterReason.MissingTimestamp => "missing-timestamp",
        DeadLetterReason.BadTimestamp => "bad-timestamp",
        DeadLetterReason.MissingValue => "missing-value",
        DeadLetterReason.NonNumeric => "non-numeric",
        DeadLetterReason.NonFinite => "non-finite",
        DeadLetterReason.ChannelMismatch => "channel-mismatch",
        DeadLetterReason.ProcessingFailed => "processing-failed",
        DeadLetterReason.FutureTimestamp => "future-timestamp",
        DeadLetterReason.OutOfOrder => "out-of-order",
        DeadLetterReason.DuplicateTimestamp => "duplicate-timestamp",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown dead-letter reason."),
    };

    /// <summary>The reason whose <see cref="ToCode"/> is <paramref name="code"/> (exact, lower case).</summary>
    public static bool TryParseCode([NotNullWhen(true)] string? code, out DeadLetterReason reason)
    {
        foreach (var candidate in Enum.GetValues<DeadLetterReason>())
        {
            if (string.Equals(candidate.ToCode(), code, StringComparison.Ordinal))
            {
                reason = candidate;
                return true;
            }
        }

        reason = DeadLetterReason.None;
        return false;
    }
}
