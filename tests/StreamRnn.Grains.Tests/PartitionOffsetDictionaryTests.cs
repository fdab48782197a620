namespace StreamRnn.Grains.Tests;

public sealed class PartitionOffsetDictionaryTests
{
    [Fact]
    public void Set_OnePartitionAgainAndAgain_KeepsOneEntryWithTheLastOffset()
    {
        var offsets = new PartitionOffsetDictionary();

        offsets[4] = 10;
        offsets[4] = 11;

        Assert.Single(offsets);
        Assert.Equal(11, offsets[4]);
        Assert.Equal([new KeyValuePair<int, long>(4, 11)], offsets);
    }

    [Fact]
    public void Set_SeveralPartitions_EachKeepsItsOwnInTheOrderFirstSet()
    {
        var offsets = new PartitionOffsetDictionary();

        offsets[4] = 10;
        offsets[1] = 3;
        offsets[9] = 70;
        offsets[1] = 5;
        offsets[4] = 12;

        Assert.Equal(3, offsets.Count);
        Assert.Equal([new(4, 12), new(1, 5), new KeyValuePair<int, long>(9, 70)], offsets);
        Assert.Equal([4, 1, 9], offsets.Keys);
        Assert.Equal([12L, 5, 70], offsets.Values);
        Assert.True(offsets.ContainsKey(9));
    }

    [Fact]
    public void Get_PartitionNeverSet_IsMissing()
    {
        var offsets = new PartitionOffsetDictionary { [2] = 8 };

        Assert.False(offsets.TryGetValue(3, out _));
        Assert.Equal(-1, offsets.GetValueOrDefault(3, -1));
        Assert.Throws<KeyNotFoundException>(() => offsets[3]);
        Assert.Empty(new PartitionOffsetDictionary());
    }
}
