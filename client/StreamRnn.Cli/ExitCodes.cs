namespace StreamRnn.Cli;

/// <summary>The process exit codes of <c>streamrnn</c>.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The command failed while running (a cluster, a file or Kafka refused).</summary>
    public const int Failed = 1;

    /// <summary>The arguments or the input were invalid: nothing was done (the convention of command-line parsers).</summary>
    public const int InvalidInput = 2;
}
