using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace StreamRnn.Kafka.Tests;

public sealed class KafkaExtensionsTests
{
    [Fact]
    public void AddStreamRnnKafka_Configuration_BindsOptionsAndClientProperties()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = "kafka:9092",
            ["Kafka:ReadingsTopic"] = "readings",
            ["Kafka:Partitions"] = "12",
            ["Kafka:Client:security.protocol"] = "SASL_SSL",
        });

        var options = provider.GetRequiredService<IOptions<KafkaOptions>>().Value;

        Assert.Equal("kafka:9092", options.BootstrapServers);
        Assert.Equal("readings", options.ReadingsTopic);
        Assert.Equal(12, options.Partitions);
        Assert.Equal("SASL_SSL", options.Client["security.protocol"]);
        Assert.Same(provider.GetRequiredService<KafkaConnection>(), provider.GetRequiredService<IKafkaConnection>());
        Assert.False(provider.GetRequiredService<IKafkaConnection>().IsEmbedded);
    }

    [Fact]
    public void AddStreamRnnKafka_InvalidConfiguration_FailsValidationNamingTheSetting()
    {
        using var provider = Build(new Dictionary<string, string?> { ["Kafka:Partitions"] = "0" });

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<KafkaOptions>>().Value);

        Assert.Contains("Kafka:Partitions", exception.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddStreamRnnKafka();
        return services.BuildServiceProvider();
    }
}
