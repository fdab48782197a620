using StreamRnn.Hosting;

namespace StreamRnn.Silo.Tests.Observability;

public sealed class SiloDashboardOptionsTests
{
    [Theory]
    [InlineData(null, true, false, true)]
    [InlineData(null, true, true, false)]
    [InlineData(null, false, false, false)]
    [InlineData(null, false, true, false)]
    [InlineData(false, true, false, false)]
    [InlineData(true, false, true, true)]
    public void IsEnabled_SettingEnvironmentAndMode_OnOnlyInDevelopmentUnlessSet(bool? enabled, bool development, bool usesRedis, bool expected)
    {
        Assert.Equal(expected, new SiloDashboardOptions { Enabled = enabled }.IsEnabled(development, usesRedis));
    }

    [Theory]
    [InlineData("http://+:8088", "http://+:8089")]
    [InlineData("http://127.0.0.1:5000;http://localhost:5001", "http://127.0.0.1:8089")]
    [InlineData(null, "http://localhost:8089")]
    public void Url_HealthUrls_SameHostOnTheDashboardPort(string? urls, string expected)
    {
        Assert.Equal(expected, new SiloDashboardOptions().Url(urls));
    }
}
