namespace StreamRnn.Training;

/// <summary>
/// One series for offline training: <c>Steps × Channels</c> readings in time order, channel 0 being the value to forecast,
/// with optional timestamps. The values are copied; every value must be finite.
/// </summary>
public sealed class TimeSeries
{
    private readonly float[,] _values;

    /// <summary>Creates a series.</summary>
    /// <param name="name">The series name (e.g. the sensor id); used in normalisation records and messages.</param>
    /// <param name="values">Readings <c>[steps, channels]</c>, oldest first.</param>
    /// <param name="timestamps">One non-decreasing timestamp per step, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">Empty, non-finite values or mismatched timestamps.</exception>
    public TimeSeries(string name, float[,] values, IReadOnlyList<DateTimeOffset>? timestamps = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(values);
        if (values.GetLength(0) < 1 || values.GetLength(1) < 1)
        {
            throw new ArgumentException($"Series '{name}' needs at least one step and one channel.", nameof(values));
        }

        for (var step = 0; step < values.GetLength(0); step++)
        {
            for (var channel = 0; channel < values.GetLength(1); channel++)
            {
                if (!float.IsFinite(values[step, channel]))
                {
                    throw new ArgumentException($"Series '{name}' has a non-finite value at step {step}, channel {channel}.", nameof(values));
                }
            }
        }

        if (timestamps is not null)
        {
            if (timestamps.Count != values.GetLength(0))
            {
                throw new ArgumentException(
                    $"Series '{name}' has {values.GetLength(0)} steps but {timestamps.Count} timestamps.", nameof(timestamps));
            }

            for (var step = 1; step < timestamps.Count; step++)
            {
                if (timestamps[step] < timestamps[step - 1])
                {
                    throw new ArgumentException($"Series '{name}' timestamps go back in time at step {step}.", nameof(timestamps));
                }
            }
        }

        Name = name;
        _values = (float[,])values.Clone();
        Timestamps = timestamps is null ? null : [.. timestamps];
    }

    /// <summary>The series name.</summary>
    public string Name { get; }

    /// <summary>Steps (readings) in the series.</summary>
    public int Steps => _values.GetLength(0);

    /// <summary>Values per step.</summary>
    public int Channels => _values.GetLength(1);

    /// <summary>One timestamp per step, or <see langword="null"/> when none were given.</summary>
    public IReadOnlyList<DateTimeOffset>? Timestamps { get; }

    /// <summary>The value at <paramref name="step"/> of <paramref name="channel"/>.</summary>
    /// <param name="step">The step, 0-based.</param>
    /// <param name="channel">The channel, 0-based.</param>
    /// <returns>The reading.</returns>
    public float this[int step, int channel] => _values[step, channel];

    /// <summary>A single-channel series.</summary>
    /// <param name="name">The series name.</param>
    /// <param name="values">Readings, oldest first.</param>
    /// <param name="timestamps">One timestamp per reading, or <see langword="null"/>.</param>
    /// <returns>The series.</returns>
    public static TimeSeries FromValues(string name, IReadOnlyList<float> values, IReadOnlyList<DateTimeOffset>? timestamps = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var matrix = new float[values.Count, 1];
        for (var step = 0; step < values.Count; step++)
        {
            matrix[step, 0] = values[step];
        }

        return new TimeSeries(name, matrix, timestamps);
    }
}
