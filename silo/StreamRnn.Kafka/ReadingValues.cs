using System.Text;
using System.Text.Json;

namespace StreamRnn.Kafka;

/// <summary>
/// The <c>value</c> field of a reading: a finite number, or an array of them (one per channel). NaN and
/// infinities, as strings or as numbers beyond the range of a double, are rejected.
/// </summary>
internal static class ReadingValues
{
    /// <summary>
    /// Reads the field's value token (the reader stands on it) into <paramref name="values"/>; the outcome
    /// holds the element count, which may exceed the span (elements past its end are counted, not kept).
    /// </summary>
    public static FieldOutcome<int> Read(ref Utf8JsonReader reader, Span<double> values)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
            case JsonTokenType.String:
                var single = ReadNumber(ref reader, out var number);
                if (single != DeadLetterReason.None)
                {
                    return FieldOutcome<int>.Failed(single, DescribeValueProblem(single, element: false));
                }

                values[0] = number;
                return FieldOutcome<int>.Ok(1);

            case JsonTokenType.StartArray:
                var count = 0;
                var problem = DeadLetterReason.None;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var element = ReadNumber(ref reader, out number);
                    if (element == DeadLetterReason.None)
                    {
                        if (count < values.Length)
                        {
                            values[count] = number;
                        }
                    }
                    else if (problem != DeadLetterReason.NonNumeric)
                    {
                        // Not a number at all outranks NaN/infinity, whatever the element order.
                        problem = element;
                    }

                    count++;
                }

                if (problem != DeadLetterReason.None)
                {
                    return FieldOutcome<int>.Failed(problem, DescribeValueProblem(problem, element: true));
                }

                return count == 0
                    ? FieldOutcome<int>.Failed(DeadLetterReason.MissingValue, "The field 'value' is an empty array.")
                    : FieldOutcome<int>.Ok(count);

            case JsonTokenType.Null:
                return FieldOutcome<int>.Failed(DeadLetterReason.MissingValue, "The field 'value' is null.");

            default:
                reader.Skip();
                return FieldOutcome<int>.Failed(DeadLetterReason.NonNumeric, "The field 'value' must be a number or an array of numbers.");
        }
    }

    /// <summary>Reads one number; strings, literals and containers are not numbers.</summary>
    private static DeadLetterReason ReadNumber(ref Utf8JsonReader reader, out double number)
    {
        number = 0;
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                // The reader has checked the syntax, so a number that does not fit is out of range.
                if (!reader.TryGetDouble(out number) || !double.IsFinite(number))
                {
                    return DeadLetterReason.NonFinite;
                }

                return DeadLetterReason.None;

            case JsonTokenType.String:
                return IsNonFiniteLiteral(ref reader) ? DeadLetterReason.NonFinite : DeadLetterReason.NonNumeric;

            default:
                reader.Skip();
                return DeadLetterReason.NonNumeric;
        }
    }

    private static bool IsNonFiniteLiteral(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.ValueSpan.Length > 9)
        {
            return false;
        }

        var text = reader.ValueSpan;
        if (text.Length > 0 && text[0] is (byte)'+' or (byte)'-')
        {
            text = text[1..];
        }

        return Ascii.EqualsIgnoreCase(text, "NaN"u8)
            || Ascii.EqualsIgnoreCase(text, "Infinity"u8)
            || Ascii.EqualsIgnoreCase(text, "Inf"u8);
    }

    private static string DescribeValueProblem(DeadLetterReason reason, bool element) => (reason, element) switch
    {
        (DeadLetterReason.NonFinite, false) => "The value is NaN or infinite, or beyond the range of a double.",
        (DeadLetterReason.NonFinite, true) => "An element of 'value' is NaN or infinite, or beyond the range of a double.",
        (_, false) => "The field 'value' must be a number or an array of numbers.",
        _ => "Every element of 'value' must be a number.",
    };
}
