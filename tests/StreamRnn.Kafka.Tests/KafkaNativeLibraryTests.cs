using Confluent.Kafka;

namespace StreamRnn.Kafka.Tests;

public sealed class KafkaNativeLibraryTests
{
    [Fact]
    public void EnsureLoaded_Twice_LoadsOneExistingBuild()
    {
        KafkaNativeLibrary.EnsureLoaded();
        KafkaNativeLibrary.EnsureLoaded();

        Assert.False(string.IsNullOrWhiteSpace(KafkaNativeLibrary.SelectionReason));
        Assert.StartsWith("2.", KafkaNativeLibrary.Version, StringComparison.Ordinal);
        Assert.Equal(Library.VersionString, KafkaNativeLibrary.Version);
        if (OperatingSystem.IsLinux())
        {
            Assert.True(File.Exists(KafkaNativeLibrary.LoadedPath), KafkaNativeLibrary.LoadedPath);
        }
    }

    [Fact]
    public void EnsureLoaded_Concurrently_AgreesOnOneLibrary()
    {
        var paths = new string[8];
        Parallel.For(0, paths.Length, i =>
        {
            KafkaNativeLibrary.EnsureLoaded();
            paths[i] = KafkaNativeLibrary.LoadedPath;
        });

        Assert.Single(paths.Distinct());
    }

    [Theory]
    [InlineData("ssl")]
    [InlineData("sasl_plain")]
    [InlineData("sasl_scram")]
    [InlineData("sasl_oauthbearer")]
    public void BuiltinFeatures_LoadedBuild_OffersTlsAndSasl(string feature)
    {
        Assert.Contains(feature, KafkaNativeLibrary.BuiltinFeatures.Split(','));
        Assert.True(KafkaNativeLibrary.HasFeature(feature));
    }

    [Fact]
    public void LoadedPath_AfterConfluentClientStarts_IsTheOnlyLibrdkafkaMapped()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("Reads /proc/self/maps.");
        }

        KafkaNativeLibrary.EnsureLoaded();
        using (var producer = new ProducerBuilder<Null, Null>(new ProducerConfig { BootstrapServers = "127.0.0.1:1" }).Build())
        {
            Assert.NotEmpty(producer.Name);
        }

        var mapped = File.ReadLines("/proc/self/maps")
            .Where(line => line.Contains("librdkafka", StringComparison.Ordinal))
            .Select(line => line[line.IndexOf('/', StringComparison.Ordinal)..])
            .Distinct()
            .ToList();
        Assert.Equal([KafkaNativeLibrary.LoadedPath], mapped);
    }
}
