namespace StreamRnn.Scoring;

/// <summary>
/// Judges every channel of a multichannel sensor, each by how well it follows the others and its own usual day. Per
/// channel c, a linear prediction of its normalised reading from a constant, its own time-of-day level (a
/// <see cref="SeasonalProfile"/> of its normalised readings; 0 until the slot has its visits) and the other channels'
/// readings at the same time (the first <see cref="MaximumRelatedChannels"/> of them), learnt online by
/// <see cref="RecursiveLeastSquares"/> with a memory of about <see cref="Memory"/> readings. The residual, in the
/// channel's own standard deviations, goes through the channel's own <see cref="AnomalyLikelihood"/>, and its standard
/// score z becomes a surprise z / (z + scale) as the model's error's does in <see cref="SensorScorer"/>.
/// </summary>
/// <remarks>
/// <para>A channel that shifts or gets noisy leaves its prediction; two channels that moved together (pressure following
/// current) and decouple leave each other's, though each alone stays inside its usual range and distribution. A
/// channel that follows no other is predicted by its usual level at that time of day, so a shift still shows. The
/// channel's own previous reading is deliberately not a predictor: a smooth channel would then be predicted mostly by
/// itself, and a decoupled channel would go on looking normal. The relation is learnt from the sensor's own readings:
/// nothing is configured per sensor.</para>
/// <para>The predictions learn for <c>warmUp</c> readings before their residuals reach the likelihoods, whose own
/// learning period then runs, so the regressions' first rough readings do not teach the likelihoods that large
/// residuals are usual. Once learnt, a residual beyond <see cref="ClipDeviations"/> of its usual size is learnt as that
/// size, so a break is not absorbed within a few readings; it still is within about <see cref="Memory"/> readings,
/// and the new relation becomes the usual one.</para>
/// <para>State: per channel d weights and d × d numbers (d = 2 + the related channels, at most
/// 2 + <see cref="MaximumRelatedChannels"/>), a time-of-day profile, a likelihood and the residuals' moments; saved as
/// versioned bytes.</para>
/// </remarks>
public sealed class ChannelRelations
{
    /// <summary>Readings the regressions remember (forgetting factor 1 − 1/Memory); the normaliser's memory too.</summary>
    public const int Memory = OnlineNormalizer.Memory;

    /// <summary>A channel is predicted from at most this many others, the lowest-numbered (the state grows with the square of them).</summary>
    public const int MaximumRelatedChannels = 8;

    /// <summary>A learnt residual is clipped at this many of its usual standard deviations before the regression learns it.</summary>
    public const double ClipDeviations = 4;

    private const byte FormatVersion = 1;

    private readonly int _channels;
    private readonly int _features;
    private readonly double[][] _weights;
    private readonly double[][] _covariances;
    private readonly RunningMoments[] _residuals;
    private readonly AnomalyLikelihoodState[] _likelihoods;
    private readonly float[][] _levels;
    private readonly byte[][] _visits;

    /// <summary>
    /// A judge for a sensor with <paramref name="channels"/> channels (at least 2), time-of-day profiles of
    /// <paramref name="buckets"/> slots, that has seen nothing yet.
    /// </summary>
    public ChannelRelations(int channels, int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        _channels = channels;
        _features = 2 + Math.Min(channels - 1, MaximumRelatedChannels);
        _levels = new float[channels][];
        _visits = new byte[channels][];
        _weights = new double[channels][];
        _covariances = new double[channels][];
        _residuals = new RunningMoments[channels];
        _likelihoods = new AnomalyLikelihoodState[channels];
        for (var channel = 0; channel < channels; channel++)
        {
            (_weights[channel], _covariances[channel]) = RecursiveLeastSquares.Create(_features);
            _likelihoods[channel] = AnomalyLikelihoodState.Empty;
            _levels[channel] = new float[buckets];
            _visits[channel] = new byte[buckets];
        }
    }

    /// <summary>Channels judged.</summary>
    public int Channels => _channels;

    /// <summary>Readings judged so far.</summary>
    public long Readings { get; private set; }

    /// <summary>
    /// Judges one reading (normalised, every channel, at <paramref name="timestamp"/>) and learns from it.
    /// <paramref name="warmUp"/> readings only train the regressions; after that each channel's residual is scored by its
    /// likelihood (<paramref name="likelihood"/>'s settings) and turned into a surprise with <paramref name="surpriseScale"/>.
    /// </summary>
    /// <param name="normalized">The reading, one normalised value per channel.</param>
    /// <param name="timestamp">The reading's event time (its time-of-day slot).</param>
    /// <param name="judgements">Filled with one judgement per channel.</param>
    /// <param name="seasonal">The time-of-day profiles' settings (as many slots as the judge was made with).</param>
    public void Judge(
        ReadOnlySpan<float> normalized,
        DateTimeOffset timestamp,
        Span<ChannelJudgement> judgements,
        SeasonalProfileSettings seasonal,
        AnomalyLikelihoodSettings likelihood,
        double surpriseScale,
        int warmUp)
    {
        ArgumentNullException.ThrowIfNull(likelihood);
        ArgumentNullException.ThrowIfNull(seasonal);
        if (normalized.Length != _channels || judgements.Length != _channels)
        {
            throw new ArgumentException($"A reading of {normalized.Length} channels (judgements {judgements.Length}) for a judge of {_channels}.", nameof(normalized));
        }

        judgements.Clear();
        Span<double> features = stackalloc double[_features];
        var scoring = Readings >= warmUp;
        for (var channel = 0; channel < _channels; channel++)
        {
            features[1] = SeasonalProfile.ExpectThenLearn(_levels[channel], _visits[channel], normalized[channel], timestamp, seasonal) ?? 0;
            Features(normalized, channel, features);
            var predicted = RecursiveLeastSquares.Predict(_weights[channel], features);
            var residual = normalized[channel] - predicted;
            var learnt = residual;
            var moments = _residuals[channel];
            if (moments.Count >= warmUp && warmUp > 0)
            {
                var reach = ClipDeviations * Math.Sqrt(Math.Max(moments.Variance + (moments.Mean * moments.Mean), 0));
                learnt = Math.Clamp(residual, -reach, reach);
            }

            AnomalyLikelihoodResult result = default;
            var surprise = 0.0;
            if (scoring)
            {
                result = AnomalyLikelihood.Advance(_likelihoods[channel], residual, likelihood);
                surprise = result.Learning || result.StandardScore <= 0 ? 0 : result.StandardScore / (result.StandardScore + surpriseScale);
            }
            else
            {
                result = new AnomalyLikelihoodResult(0.5, AnomalyLikelihood.LogLikelihood(0.5), false, true);
            }

            judgements[channel] = new ChannelJudgement(surprise, predicted, residual, result);
            RecursiveLeastSquares.Update(_weights[channel], _covariances[channel], features, learnt, 1 - (1.0 / Memory));
            _residuals[channel] = moments.Add(learnt, Memory);
        }

        Readings++;
    }

    /// <summary>The state as bytes, for the sensor's stored state.</summary>
    public byte[] Save()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(FormatVersion);
            writer.Write(_channels);
            writer.Write(_levels[0].Length);
            writer.Write(Readings);
            for (var channel = 0; channel < _channels; channel++)
            {
                Write(writer, _weights[channel]);
                Write(writer, _covariances[channel]);
                writer.Write(_residuals[channel].Count);
                writer.Write(_residuals[channel].Mean);
                writer.Write(_residuals[channel].Variance);
                var state = _likelihoods[channel];
                writer.Write(state.Readings);
                writer.Write(state.Averages.Count);
                writer.Write(state.Averages.Mean);
                writer.Write(state.Averages.Variance);
                Write(writer, state.Recent);
                writer.Write(state.ProbationRemaining);
                Write(writer, _levels[channel]);
                writer.Write(_visits[channel].Length);
                foreach (var visits in _visits[channel])
                {
                    writer.Write((int)visits);
                }
            }
        }

        return stream.ToArray();
    }

    /// <summary>
    /// The judge <see cref="Save"/> wrote, or a new one for <paramref name="channels"/> and <paramref name="buckets"/> when
    /// <paramref name="saved"/> is empty or was saved for another channel count or number of time-of-day slots.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not a saved judge.</exception>
    public static ChannelRelations Load(byte[] saved, int channels, int buckets)
    {
        ArgumentNullException.ThrowIfNull(saved);
        var relations = new ChannelRelations(channels, buckets);
        if (saved.Length == 0)
        {
            return relations;
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(saved, writable: false));
            var version = reader.ReadByte();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"Channel relations state of format {version}; this version reads {FormatVersion}.");
            }

            if (reader.ReadInt32() != channels || reader.ReadInt32() != buckets)
            {
                return relations;
            }

            relations.Readings = reader.ReadInt64();
            for (var channel = 0; channel < channels; channel++)
            {
                relations._weights[channel] = ReadDoubles(reader, relations._features, allowEmpty: false);
                relations._covariances[channel] = ReadDoubles(reader, relations._features * relations._features, allowEmpty: false);
                relations._residuals[channel] = new RunningMoments(reader.ReadInt64(), reader.ReadDouble(), reader.ReadDouble());
                var readings = reader.ReadInt64();
                var averages = new RunningMoments(reader.ReadInt64(), reader.ReadDouble(), reader.ReadDouble());
                var recent = ToSingle(ReadDoubles(reader, -1, allowEmpty: true));
                relations._likelihoods[channel] = new AnomalyLikelihoodState(readings, averages, recent, reader.ReadInt32());
                relations._levels[channel] = ToSingle(ReadDoubles(reader, buckets, allowEmpty: false));
                if (reader.ReadInt32() != buckets)
                {
                    throw new InvalidDataException($"Channel relations state has a profile of other than {buckets} slots.");
                }

                for (var slot = 0; slot < buckets; slot++)
                {
                    relations._visits[channel][slot] = (byte)Math.Clamp(reader.ReadInt32(), 0, byte.MaxValue);
                }
            }

            return relations;
        }
        catch (EndOfStreamException exception)
        {
            throw new InvalidDataException("Channel relations state is truncated.", exception);
        }
    }

    /// <summary>φ for <paramref name="channel"/>: 1, its time-of-day level (set by the caller), then the lowest-numbered other channels' readings now.</summary>
    private void Features(ReadOnlySpan<float> normalized, int channel, Span<double> features)
    {
        features[0] = 1;
        var next = 2;
        for (var other = 0; other < _channels && next < _features; other++)
        {
            if (other != channel)
            {
                features[next++] = normalized[other];
            }
        }
    }

    private static void Write(BinaryWriter writer, double[] values)
    {
        writer.Write(values.Length);
        BinaryArrays.Write(writer, values);
    }

    /// <summary>Values kept in four bytes (the profile's levels, the likelihood's window), stored in eight as this format always did.</summary>
    private static void Write(BinaryWriter writer, float[] values)
    {
        writer.Write(values.Length);
        foreach (var value in values)
        {
            writer.Write((double)value);
        }
    }

    private static float[] ToSingle(double[] values) => Array.ConvertAll(values, SinglePrecision.Of);

    /// <summary>An array of <paramref name="expected"/> values (any length for -1; or none when <paramref name="allowEmpty"/>).</summary>
    private static double[] ReadDoubles(BinaryReader reader, int expected, bool allowEmpty)
    {
        var length = reader.ReadInt32();
        if (length < 0 || (length != expected && expected >= 0 && !(allowEmpty && length == 0)) || length > (reader.BaseStream.Length - reader.BaseStream.Position) / sizeof(double))
        {
            throw new InvalidDataException($"Channel relations state has an array of {length} values where {expected} were expected.");
        }

        var values = new double[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = reader.ReadDouble();
        }

        return values;
    }
}
