using StreamRnn.Models.Checkpoints;
namespace StreamRnn.Training;

/// <summary>A series with its normalisation and its normalised values, row-major <c>[steps × channels]</c>.</summary>
internal sealed class NormalizedSeries
{
    public NormalizedSeries(TimeSeries raw, ChannelNormalization normalization)
    {
        Raw = raw;
        Normalization = normalization;
        Values = new float[raw.Steps * raw.Channels];
        for (var step = 0; step < raw.Steps; step++)
        {
            for (var channel = 0; channel < raw.Channels; channel++)
            {
                Values[(step * raw.Channels) + channel] = (float)normalization.Normalize(channel, raw[step, channel]);
            }
        }
    }

    public TimeSeries Raw { get; }

    public ChannelNormalization Normalization { get; }

    public float[] Values { get; }
}
