namespace StreamRnn.Evaluation.Tests;

/// <summary>Synthetic files: row i is at <see cref="Origin"/> + 5 i minutes.</summary>
internal static class SyntheticSeries
{
    public static readonly DateTime Origin = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    public static DateTime At(int row) => Origin.AddMinutes(5 * row);

    public static DateTime[] Timestamps(int rows) => [.. Enumerable.Range(0, rows).Select(At)];

    /// <summary>A window over rows <paramref name="first"/>..<paramref name="last"/>, inclusive.</summary>
    public static NabWindow Window(int first, int last) => new(At(first), At(last));

    public static bool[] Alerts(int rows, params int[] alerted)
    {
        var alerts = new bool[rows];
        foreach (var row in alerted)
        {
            alerts[row] = true;
        }

        return alerts;
    }
}
