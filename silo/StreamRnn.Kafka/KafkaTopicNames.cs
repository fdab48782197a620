namespace StreamRnn.Kafka;

/// <summary>Kafka's rules for topic names (the same the broker enforces).</summary>
internal static class KafkaTopicNames
{
    internal const int MaxLength = 249;

    /// <summary>Returns null when <paramref name="name"/> is a legal topic name, else why not.</summary>
    internal static string? Validate(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "is empty";
        }

        if (name.Length > MaxLength)
        {
            return $"is longer than {MaxLength} characters";
        }

        if (name is "." or "..")
        {
            return "cannot be '.' or '..'";
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return "may only contain ASCII letters, digits, '.', '_' and '-'";
            }
        }

        if (name.StartsWith("__", StringComparison.Ordinal))
        {
            return "starts with '__', which Kafka reserves for internal topics";
        }

        return null;
    }

    /// <summary>Kafka treats '.' and '_' alike in metric names, so two topics differing only there collide.</summary>
    internal static string MetricName(string name) => name.Replace('.', '_');
}
