namespace StreamRnn.Silo.Startup;

/// <summary>
/// Refuses a secret given as a command-line argument (<c>--Kafka:Client:sasl.password=…</c>,
/// <c>--Cluster:Tls:CertificatePassword=…</c>, <c>--Console:Tokens:0:Token=…</c>): every user of the machine can read a process's arguments
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

            if (IsConsoleSecret(key))
            {
                var environment = key.Replace(":", "__", StringComparison.Ordinal);
                return $"Invalid configuration: {key} was given as a command-line argument, where any user of this machine can read it. "
                    + $"Set it through the environment ({environment}) or appsettings.json (a mounted Secret).";
            }
        }

        return null;
    }

    /// <summary>The web console's secrets: a configured token (<c>Console:Tokens:&lt;n&gt;:Token</c>) and the JWT signing key.</summary>
    private static bool IsConsoleSecret(string key)
    {
        var parts = key.Split(':');
        return (parts.Length == 4 && parts[0].Equals("Console", StringComparison.OrdinalIgnoreCase) && parts[1].Equals("Tokens", StringComparison.OrdinalIgnoreCase)
                && parts[3].Equals("Token", StringComparison.OrdinalIgnoreCase))
            || key.Equals("Console:Oidc:SigningKey", StringComparison.OrdinalIgnoreCase);
    }
}
