using System.CommandLine;
using Confluent.Kafka;

namespace StreamRnn.Cli.Commands;

/// <summary>
/// How a command reaches a secured Kafka: <c>--security-protocol</c>, <c>--sasl-mechanism</c>, <c>--sasl-username</c>,
/// <c>--ssl-ca</c>. The SASL password is never an argument (a command line is visible to every user of the machine
/// through <c>ps</c>): it comes from <see cref="PasswordVariable"/> or from the file named by <c>--sasl-password-file</c>.
/// Make one per command and <see cref="AddTo"/> it.
/// </summary>
internal sealed class KafkaSecurityOptions
{
    /// <summary>The environment variable that holds the SASL password.</summary>
    public const string PasswordVariable = "STREAMRNN_KAFKA_SASL_PASSWORD";

    private readonly Func<string, string?> _environment;

    public KafkaSecurityOptions(Func<string, string?>? environment = null)
    {
        _environment = environment ?? Environment.GetEnvironmentVariable;
    }

    public Option<string?> SecurityProtocol { get; } = new("--security-protocol")
    {
        Description = "Kafka security.protocol: plaintext, ssl, sasl_plaintext or sasl_ssl (default: plaintext).",
    };

    public Option<string?> SaslMechanism { get; } = new("--sasl-mechanism")
    {
        Description = "Kafka sasl.mechanism, e.g. PLAIN, SCRAM-SHA-256, SCRAM-SHA-512.",
    };

    public Option<string?> SaslUsername { get; } = new("--sasl-username")
    {
        Description = $"Kafka SASL user name; the password comes from ${PasswordVariable} or --sasl-password-file, never from an argument.",
    };

    public Option<FileInfo?> SaslPasswordFile { get; } = new("--sasl-password-file")
    {
        Description = $"A file holding the Kafka SASL password (one line); or set ${PasswordVariable}.",
    };

    public Option<FileInfo?> SslCa { get; } = new("--ssl-ca")
    {
        Description = "PEM file of the certificate authorities that signed the brokers' certificates (ssl.ca.location).",
    };

    /// <summary>Adds the options, and a check of them that fails the parse (exit code 2), to <paramref name="command"/>.</summary>
    public Command AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(SecurityProtocol);
        command.Options.Add(SaslMechanism);
        command.Options.Add(SaslUsername);
        command.Options.Add(SaslPasswordFile);
        command.Options.Add(SslCa);
        command.Validators.Add(result =>
        {
            if (Problem(result.GetValue(SaslUsername), result.GetValue(SaslPasswordFile), result.GetValue(SslCa), result.GetValue(SecurityProtocol)) is { } problem)
            {
                result.AddError(problem);
            }
        });
        return command;
    }

    /// <summary><paramref name="config"/> with the parsed security settings applied (nothing when none is given).</summary>
    public T Apply<T>(T config, ParseResult parse)
        where T : ClientConfig
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.GetValue(SecurityProtocol) is { Length: > 0 } protocol)
        {
            config.Set("security.protocol", protocol);
        }

        if (parse.GetValue(SaslMechanism) is { Length: > 0 } mechanism)
        {
            config.Set("sasl.mechanism", mechanism);
        }

        if (parse.GetValue(SslCa) is { } ca)
        {
            config.Set("ssl.ca.location", ca.FullName);
        }

        if (parse.GetValue(SaslUsername) is { Length: > 0 } username)
        {
            config.Set("sasl.username", username);
            config.Set("sasl.password", Password(parse.GetValue(SaslPasswordFile)) ?? string.Empty);
        }

        return config;
    }

    private string? Password(FileInfo? file) =>
        file is not null ? File.ReadAllText(file.FullName).TrimEnd('\r', '\n') : _environment(PasswordVariable);

    private string? Problem(string? username, FileInfo? passwordFile, FileInfo? ca, string? protocol)
    {
        if (passwordFile is not null && !passwordFile.Exists)
        {
            return $"--sasl-password-file: no such file: {passwordFile.FullName}";
        }

        if (ca is not null && !ca.Exists)
        {
            return $"--ssl-ca: no such file: {ca.FullName}";
        }

        if (!string.IsNullOrEmpty(username) && passwordFile is null && string.IsNullOrEmpty(_environment(PasswordVariable)))
        {
            return $"--sasl-username needs a password: set ${PasswordVariable} or give --sasl-password-file (never the password itself as an argument).";
        }

        if (string.IsNullOrEmpty(username) && passwordFile is not null)
        {
            return "--sasl-password-file needs --sasl-username.";
        }

        if (protocol is { Length: > 0 } && !new[] { "plaintext", "ssl", "sasl_plaintext", "sasl_ssl" }.Contains(protocol, StringComparer.OrdinalIgnoreCase))
        {
            return $"--security-protocol must be plaintext, ssl, sasl_plaintext or sasl_ssl (it is '{protocol}').";
        }

        return null;
    }
}
