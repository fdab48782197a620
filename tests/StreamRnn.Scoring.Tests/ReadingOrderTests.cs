namespace StreamRnn.Scoring.Tests;

public sealed class ReadingOrderTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Split_InOrder_TakesAll()
    {
        var readings = Enumerable.Range(1, 5).Select(t => Start.AddMinutes(t)).ToList();

        var (taken, refused) = ReadingOrder.Split(Start, readings, at => at);

        Assert.Equal(readings, taken);
        Assert.Empty(refused);
    }

    [Fact]
    public void Split_EarlierOrEqualThanTheLastTaken_RefusedAndSaysWhich()
    {
        DateTimeOffset[] readings = [Start.AddMinutes(1), Start.AddMinutes(1), Start.AddMinutes(3), Start.AddMinutes(2), Start.AddMinutes(-5), Start.AddMinutes(4)];

        var (taken, refused) = ReadingOrder.Split(Start, readings, at => at);

        Assert.Equal([Start.AddMinutes(1), Start.AddMinutes(3), Start.AddMinutes(4)], taken);
        Assert.Equal([(Start.AddMinutes(1), true), (Start.AddMinutes(2), false), (Start.AddMinutes(-5), false)], refused);
    }

    [Fact]
    public void Split_SameInstantInAnotherOffset_IsADuplicate()
    {
        var (taken, refused) = ReadingOrder.Split(Start, [Start.ToOffset(TimeSpan.FromHours(2))], at => at);

        Assert.Empty(taken);
        Assert.True(Assert.Single(refused).Duplicate);
    }

    [Fact]
    public void Split_NoReadingTakenYet_TakesTheFirstWhateverItsTime()
    {
        var (taken, refused) = ReadingOrder.Split(null, [DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch], at => at);

        Assert.Equal([DateTimeOffset.UnixEpoch], taken);
        Assert.Single(refused);
    }
}
