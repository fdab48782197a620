using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace StreamRnn.Contracts;

/// <summary>
/// The certificates of mutual TLS between silos and clients: this process's own certificate (with its private key)
/// and the cluster's certificate authorities. A peer is accepted when its certificate chains to one of those
/// authorities (nothing else: neither the machine's trust store nor the host name counts), so the authority is the
/// cluster's membership list. Loaded by the silo (<c>Cluster:Tls</c>) and by <c>streamrnn</c> (<c>--tls-cert</c>).
/// </summary>
public sealed class ClusterCertificates : IDisposable
{
    /// <summary>The parameter name of a problem with the certificate file (<see cref="ArgumentException.ParamName"/>).</summary>
    public const string CertificateParameter = "certificatePath";

    /// <summary>The parameter name of a problem with the private key file.</summary>
    public const string KeyParameter = "keyPath";

    /// <summary>The parameter name of a problem with the password.</summary>
    public const string PasswordParameter = "password";

    /// <summary>The parameter name of a problem with the authorities file.</summary>
    public const string AuthorityParameter = "authorityPath";

    private ClusterCertificates(X509Certificate2 certificate, X509Certificate2Collection authorities)
    {
        Certificate = certificate;
        Authorities = authorities;
    }

    /// <summary>This process's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The authorities a peer's certificate must chain to.</summary>
    public X509Certificate2Collection Authorities { get; }

    /// <summary>
    /// Loads the certificate (PKCS#12 <c>.pfx</c>/<c>.p12</c>, or PEM with its key in the same file or in
    /// <paramref name="keyPath"/>) and the authorities (PEM, one or more certificates, or DER), and checks that the
    /// certificate has its private key, is within its validity period and chains to the authorities. Throws
    /// <see cref="ArgumentException"/> whose <see cref="ArgumentException.ParamName"/> is one of the
    /// <c>*Parameter</c> constants, so the caller can name its own setting.
    /// </summary>
    public static ClusterCertificates Load(string certificatePath, string? keyPath, string? password, string authorityPath, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(certificatePath);
        ArgumentNullException.ThrowIfNull(authorityPath);
        var certificate = LoadCertificate(certificatePath, keyPath, password);
        X509Certificate2Collection authorities;
        try
        {
            authorities = LoadAuthorities(authorityPath);
        }
        catch
        {
            certificate.Dispose();
            throw;
        }

        var loaded = new ClusterCertificates(certificate, authorities);
        var now = (timeProvider ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        string? problem = null;
        if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
        {
            problem = $"the certificate '{certificatePath}' ({certificate.Subject}) is valid from {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u}, not now";
        }
        else if (!loaded.ChainsToAuthorities(certificate, null))
        {
            problem = $"the certificate '{certificatePath}' ({certificate.Subject}) is not signed by an authority in '{authorityPath}'";
        }

        if (problem is not null)
        {
            loaded.Dispose();
            throw new ArgumentException(problem, CertificateParameter);
        }

        return loaded;
    }

    /// <summary>
    /// The remote-certificate check of both ends of a connection: the peer presented a certificate and it chains to
    /// <see cref="Authorities"/>. The platform's own verdict (<paramref name="errors"/>) is not used: it trusts the
    /// machine's store and compares host names, neither of which identifies a member of this cluster.
    /// </summary>
    public bool Validate(X509Certificate2? remote, X509Chain? chain, SslPolicyErrors errors) =>
        remote is not null && !errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) && ChainsToAuthorities(remote, chain);

    /// <inheritdoc />
    public void Dispose()
    {
        Certificate.Dispose();
        foreach (var authority in Authorities)
        {
            authority.Dispose();
        }
    }

    private bool ChainsToAuthorities(X509Certificate2 certificate, X509Chain? presented)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            // Intermediates the peer sent along: they may complete the chain, never end it (the root must be ours).
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(certificate);
    }

    private static X509Certificate2 LoadCertificate(string certificatePath, string? keyPath, string? password)
    {
        if (!File.Exists(certificatePath))
        {
            throw new ArgumentException($"the certificate file '{certificatePath}' does not exist", CertificateParameter);
        }

        if (keyPath is not null && !File.Exists(keyPath))
        {
            throw new ArgumentException($"the private key file '{keyPath}' does not exist", KeyParameter);
        }

        X509Certificate2 certificate;
        try
        {
            var extension = Path.GetExtension(certificatePath);
            if (keyPath is null && (extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".p12", StringComparison.OrdinalIgnoreCase)))
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password);
            }
            else
            {
                using var pem = string.IsNullOrEmpty(password)
                    ? X509Certificate2.CreateFromPemFile(certificatePath, keyPath)
                    : X509Certificate2.CreateFromEncryptedPemFile(certificatePath, password, keyPath);

                // A PEM key is ephemeral; TLS on some platforms needs it in a PKCS#12 container.
                certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            }
        }
        catch (CryptographicException exception)
        {
            var parameter = exception.Message.Contains("password", StringComparison.OrdinalIgnoreCase) ? PasswordParameter : CertificateParameter;
            throw new ArgumentException($"the certificate '{certificatePath}' cannot be read ({exception.Message.TrimEnd('.')})", parameter, exception);
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new ArgumentException($"the certificate '{certificatePath}' has no private key (give the key in the same file or in its own PEM file)", KeyParameter);
        }

        return certificate;
    }

    private static X509Certificate2Collection LoadAuthorities(string authorityPath)
    {
        if (!File.Exists(authorityPath))
        {
            throw new ArgumentException($"the certificate authority file '{authorityPath}' does not exist", AuthorityParameter);
        }

        var authorities = new X509Certificate2Collection();
        try
        {
            var text = File.ReadAllText(authorityPath);
            if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                authorities.ImportFromPem(text);
            }
            else
            {
                authorities.Add(X509CertificateLoader.LoadCertificateFromFile(authorityPath));
            }
        }
        catch (CryptographicException exception)
        {
            throw new ArgumentException($"the certificate authority file '{authorityPath}' cannot be read ({exception.Message.TrimEnd('.')})", AuthorityParameter, exception);
        }

        if (authorities.Count == 0)
        {
            throw new ArgumentException($"the certificate authority file '{authorityPath}' holds no certificate", AuthorityParameter);
        }

        return authorities;
    }
}
