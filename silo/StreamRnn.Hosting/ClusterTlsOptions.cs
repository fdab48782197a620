using StreamRnn.Contracts;

namespace StreamRnn.Hosting;

/// <summary>
/// Mutual TLS between silos and between clients and gateways (section <c>Cluster:Tls</c>). Required in production
/// mode (<c>Cluster:Redis:ConnectionString</c> set) unless <see cref="Disabled"/>; optional in the embedded default.
/// Every silo and client presents a certificate, and each end accepts only a peer whose certificate chains to
/// <see cref="CaPath"/>.
/// </summary>
public sealed class ClusterTlsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = StreamRnnClusterOptions.SectionName + ":Tls";

    /// <summary>This silo's certificate: PKCS#12 (<c>.pfx</c>, <c>.p12</c>) or PEM (with its key, or the key in <see cref="KeyPath"/>).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of <see cref="CertificatePath"/> when it is not in that file.</summary>
    public string? KeyPath { get; set; }

    /// <summary>
    /// The password of the PKCS#12 file or encrypted PEM key. Give it through the environment
    /// (<c>Cluster__Tls__CertificatePassword</c>) or <see cref="CertificatePasswordFile"/>, never on a command line.
    /// </summary>
    public string? CertificatePassword { get; set; }

    /// <summary>A file holding the password (one line; a trailing newline is ignored).</summary>
    public string? CertificatePasswordFile { get; set; }

    /// <summary>The cluster's certificate authorities (PEM, one or more): a peer's certificate must chain to one.</summary>
    public string? CaPath { get; set; }

    /// <summary>
    /// Production mode without TLS: anyone who reaches the silo or gateway port is a member or a client. For a
    /// development cluster on one machine only; the silo logs a warning at start.
    /// </summary>
    public bool Disabled { get; set; }

    /// <summary>Whether a certificate is configured.</summary>
    public bool Configured => !string.IsNullOrWhiteSpace(CertificatePath);

    /// <summary>Loads the certificates; throws <see cref="ArgumentException"/> whose message names the setting at fault.</summary>
    public ClusterCertificates Load()
    {
        if (!Configured)
        {
            throw new ArgumentException($"{SectionName}:{nameof(CertificatePath)} is not set.");
        }

        if (string.IsNullOrWhiteSpace(CaPath))
        {
            throw new ArgumentException($"{SectionName}:{nameof(CaPath)} is required with {SectionName}:{nameof(CertificatePath)}: peers are accepted only when their certificate chains to it.");
        }

        if (!string.IsNullOrEmpty(CertificatePassword) && !string.IsNullOrWhiteSpace(CertificatePasswordFile))
        {
            throw new ArgumentException($"{SectionName}:{nameof(CertificatePassword)} and {SectionName}:{nameof(CertificatePasswordFile)} are both set; give one.");
        }

        var password = CertificatePassword;
        if (!string.IsNullOrWhiteSpace(CertificatePasswordFile))
        {
            if (!File.Exists(CertificatePasswordFile))
            {
                throw new ArgumentException($"{SectionName}:{nameof(CertificatePasswordFile)}: the file '{CertificatePasswordFile}' does not exist.");
            }

            password = File.ReadAllText(CertificatePasswordFile).TrimEnd('\r', '\n');
        }

        try
        {
            return ClusterCertificates.Load(CertificatePath!, string.IsNullOrWhiteSpace(KeyPath) ? null : KeyPath, password, CaPath);
        }
        catch (ArgumentException exception)
        {
            var setting = exception.ParamName switch
            {
                ClusterCertificates.KeyParameter => nameof(KeyPath),
                ClusterCertificates.PasswordParameter => string.IsNullOrWhiteSpace(CertificatePasswordFile) ? nameof(CertificatePassword) : nameof(CertificatePasswordFile),
                ClusterCertificates.AuthorityParameter => nameof(CaPath),
                _ => nameof(CertificatePath),
            };
            var reason = exception.Message;
            var suffix = exception.ParamName is null ? string.Empty : $" (Parameter '{exception.ParamName}')";
            if (reason.EndsWith(suffix, StringComparison.Ordinal))
            {
                reason = reason[..^suffix.Length];
            }

            throw new ArgumentException($"{SectionName}:{setting}: {reason}.", exception);
        }
    }

    /// <summary>The first problem with these settings in a cluster that <paramref name="usesRedis"/>, or null.</summary>
    internal string? Problem(bool usesRedis)
    {
        if (Disabled)
        {
            return Configured ? $"{SectionName}:{nameof(Disabled)} is true but {SectionName}:{nameof(CertificatePath)} is set; remove one." : null;
        }

        if (!Configured)
        {
            return usesRedis
                ? $"{SectionName}:{nameof(CertificatePath)} is required in production mode ({StreamRnnClusterOptions.RedisConnectionStringKey} set): silos and clients authenticate each other with certificates signed by {SectionName}:{nameof(CaPath)}. For a development cluster only, set {SectionName}:{nameof(Disabled)}=true."
                : null;
        }

        try
        {
            using var certificates = Load();
            return null;
        }
        catch (ArgumentException exception)
        {
            return exception.Message;
        }
    }
}
