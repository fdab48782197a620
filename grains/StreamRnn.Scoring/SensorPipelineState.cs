namespace StreamRnn.Scoring;

/// <summary>
/// Everything <see cref="SensorPipeline"/> remembers about one sensor, in one record that a grain stores as versioned
/// bytes (<see cref="WriteTo"/>, <see cref="FromBytes"/>). The grain keeps what is about I/O: applied offsets, the hidden
/// state and its model version, model switches, settings overrides.
/// </summary>
public sealed class SensorPipelineState
{
    /// <summary>The byte format <see cref="WriteTo"/> writes (its first byte).</summary>
    public const byte FormatVersion = 3;

    /// <summary>The format that added <see cref="ChannelRelations"/> (a state of format 1 or 2 starts them afresh).</summary>
    private const byte ChannelRelationsVersion = 3;

    /// <summary>
    /// The first format <see cref="FromBytes"/> reads: format 1 kept the recent raw values themselves, where 2 keeps their
    /// count, and had no cadence (it is learnt again from the next readings).
    /// </summary>
    public const byte FirstReadableVersion = 1;

    /// <summary>Normaliser moments, per channel.</summary>
    public long NormalizerCount { get; set; }
    public double[] NormalizerMeans { get; set; } = [];
    public double[] NormalizerVariances { get; set; } = [];

    /// <summary>
    /// How many readings a re-warm may replay (at most <see cref="SensorPipelineSettings.WindowSize"/>): the readings
    /// scored since the state began, capped. (Format 1 kept those readings' raw values, of which only the count was used.)
    /// </summary>
    public int RecentValueCount { get; set; }

    /// <summary>Recent normalised model inputs (all channels, step-major, oldest first): for re-warming after a switch and for training windows.</summary>
    public float[] RecentInputs { get; set; } = [];

    /// <summary>The forecast (normalised) made after the last reading, and the model version that made it.</summary>
    public float[] LastForecast { get; set; } = [];
    public int LastForecastVersion { get; set; }

    /// <summary>Failure-mode and event state.</summary>
    public int StuckRunLength { get; set; }
    public bool StuckActive { get; set; }
    public bool AnomalyActive { get; set; }
    public bool DropoutActive { get; set; }

    /// <summary>The longest run of equal values this sensor had that raised no stuck alert: a run must be twice as long to count as stuck.</summary>
    public int LongestNormalRun { get; set; }

    public long ReadingsApplied { get; set; }
    public double? LastValue { get; set; }
    public DateTimeOffset? LastTimestamp { get; set; }
    public double LastScore { get; set; }

    /// <summary>Where the last reading came from (the dropout alert's id).</summary>
    public int LastPartition { get; set; }
    public long LastOffset { get; set; } = -1;

    /// <summary>When the last batch arrived (silo clock) and the usual gap between arrivals per reading, for dropout.</summary>
    public DateTimeOffset? LastArrival { get; set; }
    public double MeanArrivalGapSeconds { get; set; }

    /// <summary>The reading count at the last reading that raised an alert or fell inside an event; -1 before any.</summary>
    public long LastAlertReading { get; set; } = -1;

    /// <summary>The reading count at which the last training window ended.</summary>
    public long LastContributionReading { get; set; }

    /// <summary>Exponentially weighted mean squared one-step forecast error (normalised units).</summary>
    public double ForecastErrorEwma { get; set; }

    /// <summary>The anomaly scorer as <see cref="SensorScorer.Save"/> wrote it (empty: a new one).</summary>
    public byte[] Scorer { get; set; } = [];

    /// <summary>
    /// How the reading-count settings were scaled for this sensor's cadence (<see cref="CadenceScaling"/>): 0 while it is
    /// still being learnt, 1 when not scaled, below 1 for a sensor slower than the reference cadence.
    /// </summary>
    public double CadenceScale { get; set; }

    /// <summary>The first gaps between readings' timestamps, in seconds, while the cadence is learnt (empty after).</summary>
    public double[] CadenceGaps { get; set; } = [];

    /// <summary>A multichannel sensor's <see cref="Scoring.ChannelRelations"/> as its <c>Save</c> wrote them (empty: none yet).</summary>
    public byte[] ChannelRelations { get; set; } = [];

    /// <summary>
    /// Writes the state to <paramref name="stream"/>: <see cref="FormatVersion"/>, then every field, with
    /// <paramref name="scorer"/> and <paramref name="channelRelations"/> as the scorer's and the channel relations' bytes
    /// (the live pipeline writes them from its objects: <see cref="Scorer"/> and <see cref="ChannelRelations"/> hold only
    /// what <see cref="FromBytes"/> read).
    /// </summary>
    public void WriteTo(Stream stream, ReadOnlySpan<byte> scorer, ReadOnlySpan<byte> channelRelations)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(FormatVersion);
            writer.Write(NormalizerCount);
            Write(writer, NormalizerMeans);
            Write(writer, NormalizerVariances);
            writer.Write(RecentValueCount);
            Write(writer, RecentInputs);
            Write(writer, LastForecast);
            writer.Write(LastForecastVersion);
            writer.Write(StuckRunLength);
            writer.Write(StuckActive);
            writer.Write(AnomalyActive);
            writer.Write(DropoutActive);
            writer.Write(LongestNormalRun);
            writer.Write(ReadingsApplied);
            Write(writer, LastValue);
            Write(writer, LastTimestamp);
            writer.Write(LastScore);
            writer.Write(LastPartition);
            writer.Write(LastOffset);
            Write(writer, LastArrival);
            writer.Write(MeanArrivalGapSeconds);
            writer.Write(LastAlertReading);
            writer.Write(LastContributionReading);
            writer.Write(ForecastErrorEwma);
            writer.Write(scorer.Length);
            writer.Write(scorer);
            writer.Write(CadenceScale);
            Write(writer, CadenceGaps);
            writer.Write(channelRelations.Length);
            writer.Write(channelRelations);
        }
    }

    /// <summary>The state <see cref="WriteTo"/> wrote, or a new one for an empty array.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a saved pipeline state of this format.</exception>
    public static SensorPipelineState FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0)
        {
            return new SensorPipelineState();
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, writable: false));
            var version = reader.ReadByte();
            if (version is < FirstReadableVersion or > FormatVersion)
            {
                throw new InvalidDataException($"Sensor pipeline state of format {version}; this version reads {FirstReadableVersion} to {FormatVersion}.");
            }

            var state = new SensorPipelineState
            {
                NormalizerCount = reader.ReadInt64(),
                NormalizerMeans = ReadDoubles(reader),
                NormalizerVariances = ReadDoubles(reader),
                RecentValueCount = version == FirstReadableVersion ? ReadDoubles(reader).Length : ReadCount(reader),
                RecentInputs = ReadFloats(reader),
                LastForecast = ReadFloats(reader),
                LastForecastVersion = reader.ReadInt32(),
                StuckRunLength = reader.ReadInt32(),
                StuckActive = reader.ReadBoolean(),
                AnomalyActive = reader.ReadBoolean(),
                DropoutActive = reader.ReadBoolean(),
                LongestNormalRun = reader.ReadInt32(),
                ReadingsApplied = reader.ReadInt64(),
                LastValue = ReadNullableDouble(reader),
                LastTimestamp = ReadNullableTime(reader),
                LastScore = reader.ReadDouble(),
                LastPartition = reader.ReadInt32(),
                LastOffset = reader.ReadInt64(),
                LastArrival = ReadNullableTime(reader),
                MeanArrivalGapSeconds = reader.ReadDouble(),
                LastAlertReading = reader.ReadInt64(),
                LastContributionReading = reader.ReadInt64(),
                ForecastErrorEwma = reader.ReadDouble(),
                Scorer = reader.ReadBytes(ReadLength(reader)),
            };
            if (version >= 2)
            {
                state.CadenceScale = reader.ReadDouble();
                state.CadenceGaps = ReadDoubles(reader);
            }

            if (version >= ChannelRelationsVersion)
            {
                state.ChannelRelations = reader.ReadBytes(ReadLength(reader));
            }

            return state;
        }
        catch (EndOfStreamException exception)
        {
            throw new InvalidDataException("Sensor pipeline state is truncated.", exception);
        }
    }

    private static void Write(BinaryWriter writer, double[] values)
    {
        writer.Write(values.Length);
        BinaryArrays.Write(writer, values);
    }

    private static void Write(BinaryWriter writer, float[] values)
    {
        writer.Write(values.Length);
        BinaryArrays.Write(writer, values);
    }

    private static void Write(BinaryWriter writer, double? value)
    {
        writer.Write(value.HasValue);
        writer.Write(value ?? 0);
    }

    private static void Write(BinaryWriter writer, DateTimeOffset? value)
    {
        writer.Write(value.HasValue);
        writer.Write(value?.Ticks ?? 0);
        writer.Write(value?.Offset.Ticks ?? 0);
    }

    private static int ReadLength(BinaryReader reader)
    {
        var length = reader.ReadInt32();
        if (length < 0 || length > reader.BaseStream.Length - reader.BaseStream.Position)
        {
            throw new InvalidDataException($"Sensor pipeline state has an array of {length} elements where fewer bytes remain.");
        }

        return length;
    }

    private static int ReadCount(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        return count >= 0 ? count : throw new InvalidDataException($"Sensor pipeline state has a count of {count}.");
    }

    private static double[] ReadDoubles(BinaryReader reader)
    {
        var values = new double[ReadLength(reader)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadDouble();
        }

        return values;
    }

    private static float[] ReadFloats(BinaryReader reader)
    {
        var values = new float[ReadLength(reader)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadSingle();
        }

        return values;
    }

    private static double? ReadNullableDouble(BinaryReader reader)
    {
        var has = reader.ReadBoolean();
        var value = reader.ReadDouble();
        return has ? value : null;
    }

    private static DateTimeOffset? ReadNullableTime(BinaryReader reader)
    {
        var has = reader.ReadBoolean();
        var ticks = reader.ReadInt64();
        var offset = reader.ReadInt64();
        return has ? new DateTimeOffset(ticks, TimeSpan.FromTicks(offset)) : null;
    }
}
