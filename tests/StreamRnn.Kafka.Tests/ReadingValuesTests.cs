using System.Text;
using System.Text.Json;

namespace StreamRnn.Kafka.Tests;

public sealed class ReadingValuesTests
{
    [Fact]
    public void Read_MoreElementsThanRoom_CountsAllKeepsWhatFits()
    {
        var reader = ReaderOn("[1,2,3]");
        var values = new double[2];

        var outcome = ReadingValues.Read(ref reader, values);

        Assert.Equal(DeadLetterReason.None, outcome.Reason);
        Assert.Equal(3, outcome.Value);
        Assert.Equal([1.0, 2.0], values);
    }

    [Theory]
    [InlineData("[\"NaN\",\"high\"]")]
    [InlineData("[\"high\",\"NaN\"]")]
    [InlineData("[1e999,true]")]
    public void Read_NonNumericAndNonFiniteElements_ReportsNonNumericWhateverTheOrder(string json)
    {
        var reader = ReaderOn(json);

        var outcome = ReadingValues.Read(ref reader, new double[4]);

        Assert.Equal(DeadLetterReason.NonNumeric, outcome.Reason);
    }

    [Theory]
    [InlineData("\"nan\"")]
    [InlineData("\"-Infinity\"")]
    [InlineData("\"+inf\"")]
    public void Read_NonFiniteLiteral_ReportsNonFinite(string json)
    {
        var reader = ReaderOn(json);

        var outcome = ReadingValues.Read(ref reader, new double[1]);

        Assert.Equal(DeadLetterReason.NonFinite, outcome.Reason);
    }

    private static Utf8JsonReader ReaderOn(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        Assert.True(reader.Read());
        return reader;
    }
}
