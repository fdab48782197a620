using StreamRnn.Hosting;
using StreamRnn.Silo.Tests.Infrastructure;

namespace StreamRnn.Silo.Tests;

/// <summary><c>Cluster:Tls</c>: checked at start, every problem named by its setting.</summary>
public sealed class ClusterTlsOptionsTests : IDisposable
{
    private const string Password = "test-only";
    private readonly TestCertificates _authority = new("options");
    private readonly TestCertificates _other = new("other");

    [Fact]
    public void Problem_ProductionModeWithoutCertificate_NamesCertificatePathAndTheOptOut()
    {
        var problem = new ClusterTlsOptions().Problem(usesRedis: true);

        Assert.NotNull(problem);
        Assert.Contains("Cluster:Tls:CertificatePath is required in production mode", problem, StringComparison.Ordinal);
        Assert.Contains("Cluster:Tls:Disabled=true", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_EmbeddedWithoutCertificateOrProductionDisabled_None()
    {
        Assert.Null(new ClusterTlsOptions().Problem(usesRedis: false));
        Assert.Null(new ClusterTlsOptions { Disabled = true }.Problem(usesRedis: true));
    }

    [Fact]
    public void Problem_DisabledWithCertificate_NamesBoth()
    {
        var problem = new ClusterTlsOptions { Disabled = true, CertificatePath = "silo.pfx" }.Problem(usesRedis: true);

        Assert.Contains("Cluster:Tls:Disabled", problem, StringComparison.Ordinal);
        Assert.Contains("Cluster:Tls:CertificatePath", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_NoAuthority_NamesCaPath()
    {
        var problem = new ClusterTlsOptions { CertificatePath = _authority.Issue("silo", Password), CertificatePassword = Password }.Problem(usesRedis: true);

        Assert.StartsWith("Cluster:Tls:CaPath is required", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_WrongPassword_NamesCertificatePassword()
    {
        var problem = Options(_authority.Issue("silo", Password), "wrong", _authority.AuthorityPath).Problem(usesRedis: true);

        Assert.StartsWith("Cluster:Tls:CertificatePassword:", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_CertificateOfAnotherAuthority_NamesCertificatePath()
    {
        var problem = Options(_other.Issue("silo", Password), Password, _authority.AuthorityPath).Problem(usesRedis: true);

        Assert.StartsWith("Cluster:Tls:CertificatePath:", problem, StringComparison.Ordinal);
        Assert.Contains("is not signed by an authority in", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_MissingAuthorityFile_NamesCaPath()
    {
        var problem = Options(_authority.Issue("silo", Password), Password, Path.Combine(_authority.Folder, "missing.pem")).Problem(usesRedis: true);

        Assert.StartsWith("Cluster:Tls:CaPath:", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PasswordFromFile_LoadsCertificateWithKey()
    {
        var passwordFile = Path.Combine(_authority.Folder, "password");
        File.WriteAllText(passwordFile, Password + "\n");
        var options = new ClusterTlsOptions
        {
            CertificatePath = _authority.Issue("silo", Password),
            CertificatePasswordFile = passwordFile,
            CaPath = _authority.AuthorityPath,
        };

        using var loaded = options.Load();

        Assert.True(loaded.Certificate.HasPrivateKey);
        Assert.Null(options.Problem(usesRedis: true));
    }

    public void Dispose()
    {
        _authority.Dispose();
        _other.Dispose();
    }

    private static ClusterTlsOptions Options(string certificate, string password, string authority) =>
        new() { CertificatePath = certificate, CertificatePassword = password, CaPath = authority };
}
