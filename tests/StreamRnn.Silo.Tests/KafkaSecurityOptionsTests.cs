using System.CommandLine;
using Confluent.Kafka;
using StreamRnn.Cli.Commands;

namespace StreamRnn.Silo.Tests;

/// <summary><c>streamrnn replay</c>'s Kafka security: the SASL password from the environment or a file, never an argument.</summary>
public sealed class KafkaSecurityOptionsTests : IDisposable
{
    private readonly string _passwordFile = Path.GetTempFileName();

    public KafkaSecurityOptionsTests() => File.WriteAllText(_passwordFile, "from-the-file\n");

    public void Dispose() => File.Delete(_passwordFile);

    [Fact]
    public void Apply_PasswordFile_ProducerConfigCarriesItAndTheOtherSettings()
    {
        var security = new KafkaSecurityOptions(_ => null);
        var parse = Parse(security, "--security-protocol", "sasl_ssl", "--sasl-mechanism", "SCRAM-SHA-512", "--sasl-username", "replayer", "--sasl-password-file", _passwordFile, "--ssl-ca", _passwordFile);

        Assert.Empty(parse.Errors);
        var config = security.Apply(new ProducerConfig { BootstrapServers = "kafka-0:9093" }, parse);

        Assert.Equal("from-the-file", config.SaslPassword);
        Assert.Equal("replayer", config.SaslUsername);
        Assert.Equal(SaslMechanism.ScramSha512, config.SaslMechanism);
        Assert.Equal("sasl_ssl", config.Get("security.protocol"));
        Assert.Equal(_passwordFile, config.SslCaLocation);
    }

    [Fact]
    public void Apply_PasswordFromEnvironment_ProducerConfigCarriesIt()
    {
        var security = new KafkaSecurityOptions(name => name == KafkaSecurityOptions.PasswordVariable ? "from-the-environment" : null);
        var parse = Parse(security, "--sasl-mechanism", "PLAIN", "--sasl-username", "replayer");

        Assert.Empty(parse.Errors);
        Assert.Equal("from-the-environment", security.Apply(new ProducerConfig(), parse).SaslPassword);
    }

    [Fact]
    public void Parse_UsernameWithoutPassword_FailsNamingWhereThePasswordComesFrom()
    {
        var parse = Parse(new KafkaSecurityOptions(_ => null), "--sasl-username", "replayer");

        var error = Assert.Single(parse.Errors);
        Assert.Contains(KafkaSecurityOptions.PasswordVariable, error.Message, StringComparison.Ordinal);
        Assert.Contains("--sasl-password-file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReplayWithPasswordArgument_Refused()
    {
        var parse = ReplayCommand.Create().Parse(["series.csv", "--sasl-username", "replayer", "--sasl-password", "s3cret"]);

        Assert.NotEmpty(parse.Errors);
        Assert.DoesNotContain(ReplayCommand.Create().Options, option => option.Name.Contains("password", StringComparison.OrdinalIgnoreCase) && !option.Name.EndsWith("-file", StringComparison.Ordinal));
    }

    private static ParseResult Parse(KafkaSecurityOptions security, params string[] arguments) =>
        security.AddTo(new Command("test")).Parse(arguments);
}
