namespace StreamRnn.Training;

/// <summary>The series a model is trained on: one or more, all with the same channels (channel 0 is forecast).</summary>
public sealed class SeriesData
{
    /// <summary>Creates the set.</summary>
    /// <param name="series">At least one series; names must be distinct and channel counts equal.</param>
    /// <exception cref="ArgumentException">No series, duplicate names or different channel counts.</exception>
    public SeriesData(IEnumerable<TimeSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        List<TimeSeries> list = [.. series];
        if (list.Count == 0)
        {
            throw new ArgumentException("At least one series is needed.", nameof(series));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(series));
            if (!names.Add(item.Name))
            {
                throw new ArgumentException($"Series name '{item.Name}' appears twice.", nameof(series));
            }

            if (item.Channels != list[0].Channels)
            {
                throw new ArgumentException(
                    $"Series '{item.Name}' has {item.Channels} channels but '{list[0].Name}' has {list[0].Channels}.", nameof(series));
            }
        }

        Series = list;
    }

    /// <summary>The series, in the order given.</summary>
    public IReadOnlyList<TimeSeries> Series { get; }

    /// <summary>Values per step, shared by every series.</summary>
    public int Channels => Series[0].Channels;

    /// <summary>A set of the given series.</summary>
    /// <param name="series">At least one series.</param>
    /// <returns>The set.</returns>
    public static SeriesData Of(params TimeSeries[] series)
    {
        return new SeriesData(series);
    }
}
