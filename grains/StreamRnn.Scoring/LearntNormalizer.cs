namespace StreamRnn.Scoring;

/// <summary>
/// What a batch taught the normaliser, held by <see cref="PipelineInputs"/> until <see cref="SensorPipeline.Score"/> takes
/// it in: the readings counted before the batch (<paramref name="From"/>, to refuse inputs made before another batch was
/// scored) and after it, with every channel's mean and variance after it (arrays of its own).
/// </summary>
internal sealed record LearntNormalizer(long From, long Count, double[] Means, double[] Variances);
