using Orleans.Connections.Security;
using Orleans.Hosting;
using StreamRnn.Contracts;

namespace StreamRnn.Client;

/// <summary>Mutual TLS on a client's connections to the gateways.</summary>
public static class ClientTlsExtensions
{
    /// <summary>
    /// The client presents <see cref="ClusterCertificates.Certificate"/> and accepts a gateway only when its
    /// certificate chains to <see cref="ClusterCertificates.Authorities"/>. <paramref name="certificates"/> must
    /// outlive the client.
    /// </summary>
    public static IClientBuilder UseStreamRnnTls(this IClientBuilder client, ClusterCertificates certificates)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(certificates);
        return client.UseTls(certificates.Certificate, options =>
        {
            options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.RemoteCertificateValidation = certificates.Validate;
        });
    }
}
