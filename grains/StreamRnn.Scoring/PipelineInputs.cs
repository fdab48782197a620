namespace StreamRnn.Scoring;

/// <summary>
/// A batch of readings normalised by <see cref="SensorPipeline.Normalize"/>: the model's inputs (step-major) and, per
/// reading, every channel's moments just before it (which denormalise the forecast made for it and a channel's relation).
/// </summary>
public sealed class PipelineInputs
{
    internal PipelineInputs(IReadOnlyList<SensorPipelineReading> readings, float[] values, int channels, RunningMoments[] scales, LearntNormalizer learnt)
    {
        Learnt = learnt;
        Readings = readings;
        Values = values;
        Channels = channels;
        Scales = scales;
    }

    /// <summary>The readings, in order.</summary>
    public IReadOnlyList<SensorPipelineReading> Readings { get; }

    /// <summary>The normalised inputs, <see cref="Steps"/> × <see cref="Channels"/>, step-major.</summary>
    public float[] Values { get; }

    /// <summary>Channels per reading.</summary>
    public int Channels { get; }

    /// <summary>Readings in the batch.</summary>
    public int Steps => Readings.Count;

    /// <summary>Per reading and channel (step-major), the channel's moments just before the reading.</summary>
    internal RunningMoments[] Scales { get; }

    /// <summary>The normaliser after the batch, which <see cref="SensorPipeline.Score"/> takes in.</summary>
    internal LearntNormalizer Learnt { get; }
}
