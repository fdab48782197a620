using System.CommandLine;
using StreamRnn.Client;
using StreamRnn.Contracts;

namespace StreamRnn.Cli.Commands;

/// <summary>
/// Options every command that talks to the cluster shares: <c>--gateway-port</c> for a silo on this machine,
/// or <c>--redis</c> (with <c>--cluster-id</c> and <c>--service-id</c>) for a cluster in production mode; and the
/// client's certificate for mutual TLS (<c>--tls-cert</c>, <c>--tls-key</c>, <c>--tls-ca</c>; the password of the
/// certificate or key from <see cref="TlsPasswordVariable"/> or <c>--tls-password-file</c>, never an argument).
/// Make one per command and <see cref="AddTo"/> it.
/// </summary>
internal sealed class CommonOptions
{
    public Option<int> GatewayPort { get; } = new("--gateway-port")
    {
        Description = "Orleans gateway port of a silo on this machine (ignored with --redis).",
        DefaultValueFactory = _ => StreamRnnClusterClient.DefaultGatewayPort,
    };

    public Option<string?> Redis { get; } = new("--redis")
    {
        Description = "Connect through the cluster's Redis membership: the silos' Cluster:Redis:ConnectionString (e.g. 127.0.0.1:6379).",
    };

    public Option<string> ClusterId { get; } = new("--cluster-id")
    {
        Description = "The silos' Cluster:ClusterId (with --redis).",
        DefaultValueFactory = _ => StreamRnnClusterConnection.DefaultId,
    };

    public Option<string> ServiceId { get; } = new("--service-id")
    {
        Description = "The silos' Cluster:ServiceId (with --redis).",
        DefaultValueFactory = _ => StreamRnnClusterConnection.DefaultId,
    };

    /// <summary>The environment variable that holds the password of <c>--tls-cert</c> (PKCS#12) or its encrypted PEM key.</summary>
    public const string TlsPasswordVariable = "STREAMRNN_TLS_PASSWORD";

    public Option<FileInfo?> TlsCertificate { get; } = new("--tls-cert")
    {
        Description = $"This client's certificate for the silos' mutual TLS (Cluster:Tls): .pfx/.p12, or PEM with its key (or the key in --tls-key). Password: ${TlsPasswordVariable} or --tls-password-file.",
    };

    public Option<FileInfo?> TlsKey { get; } = new("--tls-key")
    {
        Description = "The PEM private key of --tls-cert when it is not in that file.",
    };

    public Option<FileInfo?> TlsCa { get; } = new("--tls-ca")
    {
        Description = "The cluster's certificate authorities (PEM), the silos' Cluster:Tls:CaPath (with --tls-cert).",
    };

    public Option<FileInfo?> TlsPasswordFile { get; } = new("--tls-password-file")
    {
        Description = $"A file holding the password of --tls-cert (one line); or set ${TlsPasswordVariable}.",
    };

    /// <summary>Adds the four options to <paramref name="command"/> and returns it.</summary>
    public Command AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(GatewayPort);
        command.Options.Add(Redis);
        command.Options.Add(ClusterId);
        command.Options.Add(ServiceId);
        command.Options.Add(TlsCertificate);
        command.Options.Add(TlsKey);
        command.Options.Add(TlsCa);
        command.Options.Add(TlsPasswordFile);
        command.Validators.Add(result =>
        {
            try
            {
                using var certificates = LoadCertificates(result.GetValue(TlsCertificate), result.GetValue(TlsKey), result.GetValue(TlsCa), result.GetValue(TlsPasswordFile));
            }
            catch (ArgumentException exception)
            {
                result.AddError(exception.Message);
            }
        });
        return command;
    }

    /// <summary>Where the parsed command line says the cluster is.</summary>
    public StreamRnnClusterConnection Connection(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var redis = parse.GetValue(Redis);
        var connection = string.IsNullOrWhiteSpace(redis)
            ? StreamRnnClusterConnection.Localhost(parse.GetValue(GatewayPort))
            : StreamRnnClusterConnection.Redis(redis, parse.GetValue(ClusterId)!, parse.GetValue(ServiceId)!);

        // Checked when the command line was parsed; the certificates live as long as the command.
        return connection with { Tls = LoadCertificates(parse.GetValue(TlsCertificate), parse.GetValue(TlsKey), parse.GetValue(TlsCa), parse.GetValue(TlsPasswordFile)) };
    }

    /// <summary>The client's certificates, or null without <c>--tls-cert</c>; throws <see cref="ArgumentException"/> naming the option.</summary>
    private static ClusterCertificates? LoadCertificates(FileInfo? certificate, FileInfo? key, FileInfo? ca, FileInfo? passwordFile)
    {
        if (certificate is null)
        {
            return key is null && ca is null && passwordFile is null
                ? null
                : throw new ArgumentException("--tls-key, --tls-ca and --tls-password-file go with --tls-cert.");
        }

        if (ca is null)
        {
            throw new ArgumentException("--tls-cert needs --tls-ca: the cluster's certificate authorities, to check the gateways with.");
        }

        if (passwordFile is not null && !passwordFile.Exists)
        {
            throw new ArgumentException($"--tls-password-file: no such file: {passwordFile.FullName}");
        }

        var password = passwordFile is null ? Environment.GetEnvironmentVariable(TlsPasswordVariable) : File.ReadAllText(passwordFile.FullName).TrimEnd('\r', '\n');
        try
        {
            return ClusterCertificates.Load(certificate.FullName, key?.FullName, password, ca.FullName);
        }
        catch (ArgumentException exception)
        {
            var option = exception.ParamName switch
            {
                ClusterCertificates.KeyParameter => "--tls-key",
                ClusterCertificates.AuthorityParameter => "--tls-ca",
                ClusterCertificates.PasswordParameter => passwordFile is null ? $"${TlsPasswordVariable}" : "--tls-password-file",
                _ => "--tls-cert",
            };
            var suffix = exception.ParamName is null ? string.Empty : $" (Parameter '{exception.ParamName}')";
            var reason = exception.Message.EndsWith(suffix, StringComparison.Ordinal) ? exception.Message[..^suffix.Length] : exception.Message;
            throw new ArgumentException($"{option}: {reason}.", exception);
        }
    }
}
