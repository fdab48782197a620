using StreamRnn.Silo.Startup;

namespace StreamRnn.Silo.Tests;

/// <summary>The silo refuses a secret given as a command-line argument.</summary>
public sealed class SecretArgumentsTests
{
    [Theory]
    [InlineData("--Kafka:Client:sasl.password=s3cret", "Kafka:Client:sasl.password")]
    [InlineData("--Kafka__Client__sasl.password=s3cret", "Kafka:Client:sasl.password")]
    [InlineData("--Cluster:Tls:CertificatePassword", "Cluster:Tls:CertificatePassword")]
    [InlineData("/Kafka:Client:ssl.key.password=s3cret", "Kafka:Client:ssl.key.password")]
    [InlineData("--Console:Tokens:0:Token=s3cret", "Console:Tokens:0:Token")]
    [InlineData("--Console__Oidc__SigningKey=s3cret", "Console:Oidc:SigningKey")]
    public void Problem_PasswordArgument_NamesItAndTheEnvironmentVariable(string argument, string named)
    {
        var problem = SecretArguments.Problem(["--Kafka:BootstrapServers=kafka-0:9093", argument, "s3cret"]);

        Assert.NotNull(problem);
        Assert.Contains(named, problem, StringComparison.Ordinal);
        Assert.Contains(named.Replace(":", "__", StringComparison.Ordinal), problem, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_PasswordFilesAndOrdinarySettings_None()
    {
        Assert.Null(SecretArguments.Problem(["--Kafka:SaslPasswordFile=/run/secrets/kafka", "--Cluster:Tls:CertificatePasswordFile=/run/secrets/tls", "--Kafka:Client:sasl.username=streamrnn", "--Console:Tokens:0:Name=ana", "--Console:Tokens:0:Role=operator", "--run-for", "30s"]));
    }
}
