namespace StreamRnn.Silo.Startup;

/// <summary>
/// Refuses a secret given as a command-line argument (<c>--Kafka:Client:sasl.password=…</c>,
/// <c>--Cluster:Tls:CertificatePassword=…</c>): every user of the machine can read a process's arguments
/// (<c>ps</c>, <c>/proc/&lt;pid&gt;/cmdline</c>). Secrets come from the environment or from a file setting.
/// </summary>
internal static class SecretArguments
{
    /// <summary>The problem with <paramref name="args"/>, naming the setting and where to put it instead, or null.</summary>
    public static string? Problem(IEnumerable<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        foreach (var argument in args)
        {
            if (!argument.StartsWith('-') && !argument.StartsWith('/'))
            {
                continue;
            }

            var key = argument.TrimStart('-', '/');
            var equals = key.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                key = key[..equals];
            }

            key = key.Replace("__", ":", StringComparison.Ordinal);
            if (key.EndsWith("password", StringComparison.OrdinalIgnoreCase))
            {
                var environment = key.Replace(":", "__", StringComparison.Ordinal);
                return $"Invalid configuration: {key} was given as a command-line argument, where any user of this machine can read it. "
                    + $"Set it through the environment ({environment}) or a file setting (Kafka:SaslPasswordFile, Cluster:Tls:CertificatePasswordFile).";
            }
        }

        return null;
    }
}
