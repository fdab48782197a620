namespace StreamRnn.Evaluation.Tests;

public sealed class NabFileTests
{
    private const string Key = "realKnownCause/test.csv";

    private static NabFile Parse(string text) => NabFile.Parse(new StringReader(text), Key, "data/" + Key);

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Parse_LfOrCrlfLineEnds_ReadsTimestampsAndValues(string newLine)
    {
        var text = string.Join(newLine, "timestamp,value", "2014-07-01 00:00:00,10844", "2014-07-01 00:30:00,8127.5", "") + newLine;

        var file = Parse(text);

        Assert.Equal(Key, file.Key);
        Assert.Equal(2, file.RowCount);
        Assert.Equal([new DateTime(2014, 7, 1, 0, 0, 0), new DateTime(2014, 7, 1, 0, 30, 0)], file.Timestamps);
        Assert.Equal([10844.0, 8127.5], file.Values);
    }

    [Fact]
    public void Parse_RepeatedAndBackwardTimestamps_KeepsRowsInFileOrder()
    {
        // NAB's own files do this: ec2_request_latency_system_failure.csv repeats 2014-03-09 03:00:00 and
        // machine_temperature_system_failure.csv steps back from 02:55 to 02:00 on 2014-01-07.
        var file = Parse("timestamp,value\n2014-01-07 02:55:00,1\n2014-01-07 02:00:00,2\n2014-01-07 02:00:00,3\n");

        Assert.Equal(
            [new DateTime(2014, 1, 7, 2, 55, 0), new DateTime(2014, 1, 7, 2, 0, 0), new DateTime(2014, 1, 7, 2, 0, 0)],
            file.Timestamps);
        Assert.Equal([1.0, 2.0, 3.0], file.Values);
    }

    [Theory]
    [InlineData("timestamp,value\n2014-07-01 00:00:00,1\n2014-07-01 00:30,2\n", 3, "not a timestamp")]
    [InlineData("timestamp,value\n2014-07-01 00:00:00,1\n2014-07-01 00:30:00,abc\n", 3, "not a number")]
    [InlineData("timestamp,value\n2014-07-01 00:00:00,1\n2014-07-01 00:30:00\n", 3, "expected 'timestamp,value'")]
    [InlineData("timestamp,value\n2014-07-01 00:00:00,1\n\n2014-07-01 00:30:00,2\n", 3, "blank line")]
    [InlineData("time,value\n2014-07-01 00:00:00,1\n", 1, "header")]
    public void Parse_MalformedRow_ThrowsNamingTheFileAndLine(string text, int line, string expected)
    {
        var exception = Assert.Throws<InvalidDataException>(() => Parse(text));

        Assert.StartsWith($"data/{Key}, line {line}:", exception.Message, StringComparison.Ordinal);
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_ThrowsNamingIt()
    {
        var exception = Assert.Throws<FileNotFoundException>(() => NabFile.Load(Path.GetTempPath(), "no_such_folder/no_such_file.csv"));

        Assert.Contains("no_such_folder/no_such_file.csv", exception.Message, StringComparison.Ordinal);
    }
}
