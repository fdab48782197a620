using Orleans.Connections.Security;
using StreamRnn.Contracts;

namespace StreamRnn.Hosting;

/// <summary>Mutual TLS on a silo's three kinds of connection: from other silos, from clients, and to other silos.</summary>
public static class ClusterTlsExtensions
{
    /// <summary>
    /// Every connection presents <see cref="ClusterCertificates.Certificate"/> and requires the peer's, accepted only
    /// when it chains to <see cref="ClusterCertificates.Authorities"/>: a client without a certificate, or with one
    /// the cluster's authority did not sign, is refused at the handshake. <paramref name="certificates"/> must
    /// outlive the silo.
    /// </summary>
    public static ISiloBuilder UseStreamRnnTls(this ISiloBuilder silo, ClusterCertificates certificates)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(certificates);
        return silo.UseTls(certificates.Certificate, options =>
        {
            options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.RemoteCertificateValidation = certificates.Validate;
        });
    }
}
