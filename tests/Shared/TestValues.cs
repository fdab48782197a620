namespace StreamRnn.Tests.Shared;

/// <summary>Generated inputs for tensor tests (linked into every test project).</summary>
internal static class TestValues
{
    /// <summary>Values drawn uniformly from [-1, 1).</summary>
    public static float[] RandomValues(Random random, int count)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (random.NextSingle() * 2f) - 1f;
        }

        return values;
    }
}
