using System.ComponentModel.DataAnnotations;
using System.Net;

namespace StreamRnn.Hosting;

/// <summary>
/// How a silo joins its cluster. Section <c>Cluster</c>. With <c>Cluster:Redis:ConnectionString</c> set the
/// silo runs in production mode: membership, grain state and reminders in Redis, so several silo processes
/// (on one machine or many) form one cluster and its state outlives any of them. Without it: the embedded
/// default, one silo clustered on localhost with its state in memory. Named apart from Orleans'
/// <c>ClusterOptions</c>, which this sets in production mode.
/// </summary>
public sealed class StreamRnnClusterOptions : IValidatableObject
{
    public const string SectionName = "Cluster";

    /// <summary>The configuration key of <see cref="ClusterRedisOptions.ConnectionString"/>.</summary>
    public const string RedisConnectionStringKey = SectionName + ":" + nameof(Redis) + ":" + nameof(ClusterRedisOptions.ConnectionString);

    private const string DefaultClusterId = "streamrnn";
    private const string DefaultServiceId = "streamrnn";
    private const int DefaultSiloPort = 11111;
    private const int DefaultGatewayPort = 30000;

    /// <summary>Production mode's store (section <c>Cluster:Redis</c>).</summary>
    public ClusterRedisOptions Redis { get; set; } = new();

    /// <summary>Mutual TLS (section <c>Cluster:Tls</c>): required in production mode unless explicitly disabled.</summary>
    public ClusterTlsOptions Tls { get; set; } = new();

    /// <summary>Orleans' Kubernetes hosting (section <c>Cluster:Kubernetes</c>): off by default.</summary>
    public ClusterKubernetesOptions Kubernetes { get; set; } = new();

    /// <summary>
    /// Orleans' cluster id: silos with the same one (and the same service id) in the same Redis form one
    /// cluster. Production mode only; the embedded default keeps Orleans' development ids.
    /// </summary>
    public string ClusterId { get; set; } = DefaultClusterId;

    /// <summary>
    /// Orleans' service id: the prefix of every Redis key of grain state, membership and reminders, kept
    /// across deployments (a new cluster id with the same service id finds the same state).
    /// </summary>
    public string ServiceId { get; set; } = DefaultServiceId;

    /// <summary>
    /// The IP address other silos and clients reach this silo at (production mode; default 127.0.0.1, for
    /// silos on one machine). The silo listens on it.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = DefaultSiloPort;

    /// <summary>Client gateway port (what <c>streamrnn --gateway-port</c> connects to).</summary>
    public int GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary>Whether <c>Cluster:Redis:ConnectionString</c> is set: production mode.</summary>
    public bool UsesRedis => !string.IsNullOrWhiteSpace(Redis.ConnectionString);

    /// <summary>The advertised address, parsed (127.0.0.1 when not given). Call after validation.</summary>
    public IPAddress AdvertisedIPAddress() =>
        string.IsNullOrWhiteSpace(AdvertisedAddress) ? IPAddress.Loopback : IPAddress.Parse(AdvertisedAddress.Trim());

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UsesRedis && RedisConnectionString.Problem(Redis.ConnectionString!) is { } problem)
        {
            yield return new ValidationResult($"{RedisConnectionStringKey} {problem}", [nameof(Redis)]);
        }

        if (Tls.Problem(UsesRedis) is { } tlsProblem)
        {
            yield return new ValidationResult(tlsProblem, [nameof(Tls)]);
        }

        if (Kubernetes.Problem(UsesRedis, Environment.GetEnvironmentVariable) is { } kubernetesProblem)
        {
            yield return new ValidationResult(kubernetesProblem, [nameof(Kubernetes)]);
        }

        if (string.IsNullOrWhiteSpace(ClusterId))
        {
            yield return new ValidationResult($"{SectionName}:{nameof(ClusterId)} must not be empty.", [nameof(ClusterId)]);
        }

        if (string.IsNullOrWhiteSpace(ServiceId))
        {
            yield return new ValidationResult($"{SectionName}:{nameof(ServiceId)} must not be empty.", [nameof(ServiceId)]);
        }

        if (!string.IsNullOrWhiteSpace(AdvertisedAddress) && !IPAddress.TryParse(AdvertisedAddress.Trim(), out _))
        {
            yield return new ValidationResult($"{SectionName}:{nameof(AdvertisedAddress)} must be an IP address such as 10.0.0.5 (it is '{AdvertisedAddress}').", [nameof(AdvertisedAddress)]);
        }

        if (SiloPort is < 1 or > 65535)
        {
            yield return new ValidationResult($"{SectionName}:{nameof(SiloPort)} must be between 1 and 65535 (it is {SiloPort}).", [nameof(SiloPort)]);
        }

        if (GatewayPort is < 1 or > 65535)
        {
            yield return new ValidationResult($"{SectionName}:{nameof(GatewayPort)} must be between 1 and 65535 (it is {GatewayPort}).", [nameof(GatewayPort)]);
        }
        else if (GatewayPort == SiloPort)
        {
            yield return new ValidationResult($"{SectionName}:{nameof(GatewayPort)} must differ from {SectionName}:{nameof(SiloPort)} (both are {SiloPort}).", [nameof(GatewayPort)]);
        }
    }
}
