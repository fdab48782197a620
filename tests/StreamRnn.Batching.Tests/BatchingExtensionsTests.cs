using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StreamRnn.Batching;
using StreamRnn.Models;

namespace StreamRnn.Batching.Tests;

public sealed class BatchingExtensionsTests
{
    [Fact]
    public async Task AddStreamRnnBatching_WithConfiguration_ResolvesOneBatcherForBothServices()
    {
        await using var provider = Build(new()
        {
            ["Model:Cell"] = "Lstm",
            ["Model:Layers"] = "2",
            ["Model:HiddenSize"] = "8",
            ["Model:Device"] = "cpu",
            ["Inference:MaxWait"] = "00:00:00.005",
        });

        var batcher = provider.GetRequiredService<InferenceBatcher>();

        Assert.Same(batcher, provider.GetRequiredService<IInferenceBatcher>());
        Assert.Equal(new ModelShape(RecurrentCellKind.Lstm, 1, 8, 2, 5), batcher.Shape);
        Assert.Equal(32, batcher.Shape.StateSize);
        Assert.Equal(TimeSpan.FromMilliseconds(5), provider.GetRequiredService<IOptions<InferenceOptions>>().Value.MaxWait);
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
        var result = await batcher.StepAsync([1f, 2f], 2, null, TestContext.Current.CancellationToken);
        Assert.Equal(10, result.Forecasts.Length);
    }

    [Fact]
    public async Task AddStreamRnnBatching_Defaults_MatchDocumentedValues()
    {
        await using var provider = Build([]);

        var model = provider.GetRequiredService<IOptions<ModelOptions>>().Value;
        var inference = provider.GetRequiredService<IOptions<InferenceOptions>>().Value;

        Assert.Equal((RecurrentCellKind.Gru, 32, 1, 1, 5, 17L, "auto"), (model.Cell, model.HiddenSize, model.Layers, model.Channels, model.Horizon, model.Seed, model.Device));
        Assert.Equal((512, TimeSpan.Zero, 100_000), (inference.MaxBatchSize, inference.MaxWait, inference.QueueCapacity));
    }

    [Theory]
    [InlineData("Model:HiddenSize", "0")]
    [InlineData("Model:Device", "tpu")]
    [InlineData("Inference:MaxBatchSize", "0")]
    [InlineData("Inference:MaxWait", "-00:00:01")]
    public async Task AddStreamRnnBatching_InvalidSetting_FailsValidation(string key, string value)
    {
        await using var provider = Build(new() { [key] = value });

        Assert.Throws<OptionsValidationException>(() =>
        {
            _ = provider.GetRequiredService<IOptions<ModelOptions>>().Value;
            _ = provider.GetRequiredService<IOptions<InferenceOptions>>().Value;
        });
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddMetrics();
        services.AddStreamRnnBatching();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
