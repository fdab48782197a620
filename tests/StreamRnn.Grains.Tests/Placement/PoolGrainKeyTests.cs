using System.Net;
using Orleans.Runtime;
using StreamRnn.Grains.Placement;

namespace StreamRnn.Grains.Tests.Placement;

public sealed class PoolGrainKeyTests
{
    [Fact]
    public void TryParse_FormattedKey_GivesBackSiloAndSlot()
    {
        var silo = SiloAddress.New(new IPEndPoint(IPAddress.Parse("10.1.2.3"), 11111), 123_456);

        var parsed = PoolGrainKey.TryParse(PoolGrainKey.Format(silo, 5), out var back, out var slot);

        Assert.True(parsed);
        Assert.Equal(silo, back);
        Assert.Equal(5, slot);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("pool-3")]
    [InlineData("not a silo/2")]
    [InlineData("10.1.2.3:11111@123456/")]
    [InlineData("10.1.2.3:11111@123456/-1")]
    public void TryParse_OtherString_IsFalse(string key)
    {
        Assert.False(PoolGrainKey.TryParse(key, out _, out _));
    }
}
