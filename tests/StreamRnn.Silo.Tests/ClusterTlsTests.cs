using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using StreamRnn.Client;
using StreamRnn.Contracts;
using StreamRnn.Hosting;
using StreamRnn.Silo.Tests.Infrastructure;

namespace StreamRnn.Silo.Tests;

// IManagementGrain.GetHosts takes no token; WaitAsync(ct) bounds each call instead.
#pragma warning disable xUnit1051

/// <summary>
/// Mutual TLS for real: two silo hosts and their clients over TCP on localhost, every connection authenticated both ways with
/// certificates signed by a test authority; a client without a certificate, or with one another authority signed,
/// is refused at the handshake.
/// </summary>
public sealed class ClusterTlsTests : IAsyncLifetime
{
    private const string Password = "test-only";
    private readonly TestCertificates _authority = new("cluster");
    private readonly TestCertificates _stranger = new("stranger");
    private readonly List<IDisposable> _loaded = [];
    private readonly List<IHost> _silos = [];
    private int[] _gatewayPorts = [];

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var primary = new IPEndPoint(IPAddress.Loopback, FreeTcpPort.Next());
        _gatewayPorts = [FreeTcpPort.Next(), FreeTcpPort.Next()];
        _silos.Add(await StartSiloAsync(primary.Port, _gatewayPorts[0], primary, Load(_authority, "silo-1"), ct));
        _silos.Add(await StartSiloAsync(FreeTcpPort.Next(), _gatewayPorts[1], primary, Load(_authority, "silo-2"), ct));
    }

    [Fact]
    public async Task UseStreamRnnTls_TwoSilosAndClientWithCertificates_ClusterFormsAndAnswers()
    {
        var ct = TestContext.Current.CancellationToken;
        using var host = await ConnectAsync(Load(_authority, "operator"), ct);
        var management = host.Client().GetGrain<IManagementGrain>(0);

        // Both silos active means the second joined the first over TLS; the answer came through a TLS gateway.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        var hosts = await management.GetHosts(onlyActive: true).WaitAsync(ct);
        while (hosts.Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, ct);
            hosts = await management.GetHosts(onlyActive: true).WaitAsync(ct);
        }

        Assert.Equal(2, hosts.Count);
    }

    [Fact]
    public async Task Connect_ClientWithoutCertificate_Refused()
    {
        var ct = TestContext.Current.CancellationToken;

        var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var host = await ConnectAsync(null, ct);
            await host.Client().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(ct);
        });

        Assert.IsNotType<TimeoutException>(refused);
    }

    [Fact]
    public async Task Connect_ClientSignedByAnotherAuthority_Refused()
    {
        var ct = TestContext.Current.CancellationToken;

        // The stranger trusts the cluster's authority (it can check the gateway) but its own certificate is not
        // signed by it: the gateway refuses it.
        var stranger = ClusterCertificates.Load(_stranger.Issue("stranger", Password), null, Password, _stranger.AuthorityPath);
        _loaded.Add(stranger);
        var trustsCluster = ClusterCertificatesWithAuthorities(stranger, _authority.AuthorityPath);

        var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var host = await ConnectAsync(trustsCluster, ct);
            await host.Client().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(ct);
        });

        Assert.IsNotType<TimeoutException>(refused);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in Enumerable.Reverse(_silos))
        {
            await silo.StopAsync(CancellationToken.None);
            silo.Dispose();
        }

        foreach (var loaded in _loaded)
        {
            loaded.Dispose();
        }

        _authority.Dispose();
        _stranger.Dispose();
    }

    private static async Task<IHost> StartSiloAsync(int siloPort, int gatewayPort, IPEndPoint primary, ClusterCertificates certificates, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, primary);
            silo.UseStreamRnnTls(certificates);
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return host;
    }

    private ClusterCertificates Load(TestCertificates authority, string subject)
    {
        var loaded = ClusterCertificates.Load(authority.Issue(subject, Password), null, Password, authority.AuthorityPath);
        _loaded.Add(loaded);
        return loaded;
    }

    /// <summary>A certificate of one authority that trusts another's peers: its file re-exported with a PEM key beside the other CA.</summary>
    private ClusterCertificates ClusterCertificatesWithAuthorities(ClusterCertificates own, string authorityPath)
    {
        var folder = _stranger.Folder;
        var certificate = Path.Combine(folder, "stranger-cert.pem");
        var key = Path.Combine(folder, "stranger-key.pem");
        File.WriteAllText(certificate, own.Certificate.ExportCertificatePem());
        File.WriteAllText(key, own.Certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());

        // Load refuses a certificate its own authorities did not sign, so the file holds the stranger's authority
        // (for its own certificate) and the cluster's (to check gateways with).
        var combined = Path.Combine(folder, "both.pem");
        File.WriteAllText(combined, File.ReadAllText(_stranger.AuthorityPath) + "\n" + File.ReadAllText(authorityPath) + "\n");
        var loaded = ClusterCertificates.Load(certificate, key, null, combined);
        _loaded.Add(loaded);
        return loaded;
    }

    private async Task<IHost> ConnectAsync(ClusterCertificates? certificates, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client =>
        {
            client.UseLocalhostClustering(_gatewayPorts);

            // Fail at the first refusal instead of retrying until a timeout, so a refusal is told from slowness.
            client.UseConnectionRetryFilter((_, _) => Task.FromResult(false));
            if (certificates is not null)
            {
                client.UseStreamRnnTls(certificates);
            }
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return host;
    }
}
