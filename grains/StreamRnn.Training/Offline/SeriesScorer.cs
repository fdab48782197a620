using System.Globalization;
using StreamRnn.Models.Checkpoints;
using StreamRnn.Models;
using StreamRnn.Scoring;
using StreamRnn.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StreamRnn.Training.Offline;

/// <summary>
/// Scores a stored series with a checkpoint's models: one <see cref="ScoredRow"/> per input row (value, expected,
/// error, anomaly score), in one of two modes (<see cref="OfflineScoringMode"/>). Synchronous on the calling thread
/// (tensor work inside dispose scopes; run it on a dedicated thread), cancellable between forward passes; one
/// <see cref="Score"/> at a time per instance. See <c>docs/OFFLINE-SCORING.md</c>.
/// </summary>
/// <remarks>
/// <para>
/// <b>Causal</b> (the default) runs exactly what a live <c>SensorGrain</c> runs with the same model: one
/// <see cref="SensorPipeline"/> with <see cref="PipelineSettings"/> (the silo's defaults unless set). The pipeline
/// normalises every row with the moments learnt from the rows before it; the whole series runs through the forecaster
/// from a zero state (in chunks of <see cref="CausalChunkSteps"/> steps, state carried); the pipeline then scores every
/// row against the forecast made after the row before it, with its timestamp, so each row's score and alerts are the ones
/// a live sensor publishes (a live sensor's model switches aside). The checkpoint's fitted normalisation is not used:
/// live sensors learn their own.
/// </para>
/// <para>
/// <b>Bidirectional</b> needs the checkpoint's <see cref="BidirectionalScorer"/>. The series is z-normalised with the
/// checkpoint's normalisation for its name (<see cref="ChannelNormalization.Series"/>), or, when the checkpoint has
/// none for it, with the mean and standard deviation of the whole series (<see cref="ChannelNormalization.Fit"/>: an
/// offline fit that sees the future, acceptable here because the whole mode does). Every row is reconstructed from
/// both sides with <see cref="BidirectionalScorer.Reconstruct"/> over windows of <see cref="WindowLength"/> steps
/// (the training window) that overlap by half a window, the last ending at the last row; each row takes the estimate
/// of the window where it is most central, so every row but those near the series' ends has context on both sides.
/// Errors go through <see cref="ForecastErrorScorer"/> in order, from row 0: a continuous score per row, for review in
/// hindsight, not the live sensors' event score.
/// </para>
/// <para>
/// When bidirectional helps: complete historical windows (backfills, audits, labelling) where the future
/// disambiguates. An isolated spike is estimated from both neighbours, so it stands out more; after a level shift the
/// rows are estimated from the new level on their right, so there are fewer false alarms right after regime changes.
/// It is never used for the live step: the live step has no future, and a score that waits for it would come too late.
/// </para>
/// </remarks>
public sealed class SeriesScorer : IDisposable
{
    /// <summary>The bidirectional window length when the checkpoint's metadata has no <see cref="ModelCheckpoints.InputLengthKey"/>.</summary>
    public const int DefaultWindowLength = 64;

    /// <summary>Steps per causal forward pass; the recurrent state is carried from one to the next.</summary>
    public const int CausalChunkSteps = 16_384;

    private const int WindowsPerBatch = 256;

    /// <summary>The partition offline rows are numbered in (a row's offset is its step): alerts name their row like a live sensor's.</summary>
    private const int OfflinePartition = 0;

    /// <summary>The model version offline forecasts carry: the checkpoint is the one model, as a silo's first.</summary>
    private const int OfflineModelVersion = 1;

    private readonly RecurrentForecaster _forecaster;
    private readonly BidirectionalScorer? _scorer;
    private readonly IReadOnlyList<ChannelNormalization> _normalization;
    private readonly Device _device;
    private bool _disposed;

    /// <summary>Restores the checkpoint's forecaster and, when it has one, its bidirectional scorer.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="device"><c>cpu</c> (default), <c>auto</c>, <c>cuda</c> or <c>cuda:N</c>.</param>
    /// <exception cref="CheckpointException">The checkpoint's weights or its <see cref="ModelCheckpoints.InputLengthKey"/> metadata are unusable.</exception>
    public SeriesScorer(ModelCheckpoint checkpoint, string device = "cpu")
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        WindowLength = ReadWindowLength(checkpoint);
        _device = TorchDeviceSelector.Resolve(device);
        _normalization = checkpoint.Normalization;
        _forecaster = ModelCheckpoints.Restore(checkpoint);
        try
        {
            _scorer = ModelCheckpoints.HasScorer(checkpoint) ? ModelCheckpoints.RestoreScorer(checkpoint) : null;
            _forecaster.to(_device);
            _forecaster.FlattenParameters();
            _forecaster.eval();
            _scorer?.to(_device);
            _scorer?.eval();
        }
        catch
        {
            _forecaster.Dispose();
            _scorer?.Dispose();
            throw;
        }
    }

    /// <summary>The checkpoint's architecture.</summary>
    public ModelShape Shape => _forecaster.Shape;

    /// <summary>Whether the checkpoint carries a bidirectional scorer, so <see cref="OfflineScoringMode.Bidirectional"/> is available.</summary>
    public bool HasBidirectionalScorer => _scorer is not null;

    /// <summary>
    /// Steps per bidirectional window: the checkpoint's <see cref="ModelCheckpoints.InputLengthKey"/> metadata (the window
    /// the models were trained on), else <see cref="DefaultWindowLength"/>; shortened to the series when it is shorter.
    /// </summary>
    public int WindowLength { get; }

    /// <summary>
    /// The settings causal mode scores with, as a live sensor's. Default: <see cref="SensorOptions"/>' defaults, the
    /// silo's, without training windows.
    /// </summary>
    public SensorPipelineSettings PipelineSettings { get; init; } = new SensorOptions().ToPipelineSettings(trainingWindows: null);

    /// <summary>Steps per causal forward pass (tests shorten it to cross chunk boundaries).</summary>
    internal int ChunkSteps { get; init; } = CausalChunkSteps;

    /// <summary>Scores every row of <paramref name="series"/>.</summary>
    /// <param name="series">The series; as many channels as the model, channel 0 scored.</param>
    /// <param name="mode">Causal (as live, the default) or bidirectional (stored history only).</param>
    /// <param name="cancellationToken">Checked between forward passes.</param>
    /// <returns>One row per input row and the summary.</returns>
    /// <exception cref="ArgumentException">
    /// The channel count differs from the model's, a causal series has no timestamps (the live scorer's seasonal profile
    /// and rate of change run on them), or a bidirectional series has fewer than 2 rows.
    /// </exception>
    /// <exception cref="CheckpointException">Bidirectional mode without a scorer in the checkpoint, or a normalisation record of the wrong size.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public SeriesScoringResult Score(TimeSeries series, OfflineScoringMode mode = OfflineScoringMode.Causal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (series.Channels != Shape.Channels)
        {
            throw new ArgumentException($"Series '{series.Name}' has {series.Channels} channels but the model takes {Shape.Channels}.", nameof(series));
        }

        cancellationToken.ThrowIfCancellationRequested();
        return mode switch
        {
            OfflineScoringMode.Causal => ScoreCausal(series, cancellationToken),
            OfflineScoringMode.Bidirectional => ScoreBidirectional(series, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown scoring mode."),
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        _forecaster.Dispose();
        _scorer?.Dispose();
    }

    /// <summary>
    /// The start of every window: every <c>max(1, length / 2)</c> steps from 0 while the window ends before the last
    /// row, then one window ending at the last row.
    /// </summary>
    internal static List<int> WindowStarts(int steps, int length)
    {
        var stride = Math.Max(1, length / 2);
        var starts = new List<int>();
        for (var start = 0; start + length < steps; start += stride)
        {
            starts.Add(start);
        }

        starts.Add(steps - length);
        return starts;
    }

    private static int ReadWindowLength(ModelCheckpoint checkpoint)
    {
        if (!checkpoint.Metadata.TryGetValue(ModelCheckpoints.InputLengthKey, out var text))
        {
            return DefaultWindowLength;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var length) || length < 2)
        {
            throw new CheckpointException($"The checkpoint's '{ModelCheckpoints.InputLengthKey}' metadata '{text}' is not a window length of at least 2.");
        }

        return length;
    }

    private static SeriesScoringResult Summarize(TimeSeries series, OfflineScoringMode mode, ScoredRow[] rows, int firstEstimated)
    {
        var errorSum = 0.0;
        for (var step = firstEstimated; step < rows.Length; step++)
        {
            errorSum += rows[step].Error;
        }

        var maxStep = 0;
        for (var step = 1; step < rows.Length; step++)
        {
            if (rows[step].Score > rows[maxStep].Score)
            {
                maxStep = step;
            }
        }

        var estimated = rows.Length - firstEstimated;
        return new SeriesScoringResult(series.Name, mode, rows, estimated > 0 ? errorSum / estimated : 0, rows[maxStep].Score, maxStep);
    }

    private SeriesScoringResult ScoreCausal(TimeSeries series, CancellationToken cancellationToken)
    {
        var timestamps = series.Timestamps ?? throw new ArgumentException(
            $"Series '{series.Name}' has no timestamps; causal scoring replays a live sensor, whose seasonal profile and rate of change run on the readings' timestamps.",
            nameof(series));
        var steps = series.Steps;
        var channels = series.Channels;
        var readings = new SensorPipelineReading[steps];
        for (var step = 0; step < steps; step++)
        {
            var values = new double[channels];
            for (var channel = 0; channel < channels; channel++)
            {
                values[channel] = series[step, channel];
            }

            readings[step] = new SensorPipelineReading(timestamps[step], [.. values], OfflinePartition, step);
        }

        // The grain's sequence, with every row in one batch: normalise, run the model, score.
        var pipeline = new SensorPipeline(PipelineSettings);
        var inputs = pipeline.Normalize(readings);
        var forecasts = Forecast(inputs.Values, steps, channels, cancellationToken);
        var scored = pipeline.Score(inputs, forecasts, warmSteps: 0, OfflineModelVersion, modelSwitched: false, arrival: timestamps[^1]);
        var rows = new ScoredRow[steps];
        for (var step = 0; step < steps; step++)
        {
            var score = scored.Scores[step];
            rows[step] = new ScoredRow(step, score.Timestamp, score.Value, score.Expected, Math.Abs(score.Value - score.Expected), score.Score);
        }

        return Summarize(series, OfflineScoringMode.Causal, rows, firstEstimated: 1) with { Alerts = scored.Alerts };
    }

    /// <summary>The forecasts (every horizon step) after every step, from a zero state, in chunks with the state carried.</summary>
    private float[] Forecast(float[] inputs, int steps, int channels, CancellationToken cancellationToken)
    {
        float[]? forecasts = null;
        float[]? state = null;
        for (var from = 0; from < steps; from += ChunkSteps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(ChunkSteps, steps - from);
            using var scope = NewDisposeScope();
            using var inference = torch.inference_mode();
            var chunk = torch.tensor(inputs.AsSpan(from * channels, count * channels).ToArray(), [1, count, channels], ScalarType.Float32).to(_device);
            var stateTensor = state is null ? null : torch.tensor(state, [1, state.Length], ScalarType.Float32).to(_device);
            var (chunkForecasts, finalState) = _forecaster.Forecast(chunk, stateTensor);
            var horizon = (int)chunkForecasts.shape[2];
            forecasts ??= new float[steps * horizon];
            chunkForecasts.contiguous().cpu().data<float>().CopyTo(forecasts, from * horizon);
            state = finalState.contiguous().cpu().data<float>().ToArray();
        }

        return forecasts!;
    }

    private SeriesScoringResult ScoreBidirectional(TimeSeries series, CancellationToken cancellationToken)
    {
        var scorer = _scorer ?? throw new CheckpointException(
            "Bidirectional scoring needs a checkpoint with a bidirectional scorer (no 'scorer.*' parameters): train one with ScorerTrainer.Train and pass it to ModelCheckpoints.Capture.");
        var steps = series.Steps;
        var channels = series.Channels;
        if (steps < 2)
        {
            throw new ArgumentException($"Series '{series.Name}' has {steps} row; bidirectional scoring needs at least 2.", nameof(series));
        }

        var normalization = NormalizationFor(series);
        var normalized = new float[steps * channels];
        for (var step = 0; step < steps; step++)
        {
            for (var channel = 0; channel < channels; channel++)
            {
                normalized[(step * channels) + channel] = (float)normalization.Normalize(channel, series[step, channel]);
            }
        }

        var estimates = Reconstruct(scorer, normalized, steps, channels, cancellationToken);
        var rows = new ScoredRow[steps];
        var errorState = ForecastErrorState.Empty;
        for (var step = 0; step < steps; step++)
        {
            double value = series[step, 0];
            var expected = normalization.Denormalize(0, estimates[step]);
            var error = Math.Abs(value - expected);
            (var score, errorState) = ForecastErrorScorer.Score(errorState, error);
            rows[step] = new ScoredRow(step, series.Timestamps?[step], value, expected, error, score);
        }

        return Summarize(series, OfflineScoringMode.Bidirectional, rows, firstEstimated: 0);
    }

    private ChannelNormalization NormalizationFor(TimeSeries series)
    {
        var stored = _normalization.FirstOrDefault(n => string.Equals(n.Series, series.Name, StringComparison.Ordinal));
        if (stored is null)
        {
            return SeriesNormalization.Fit(series, 0, series.Steps);
        }

        if (stored.Means.Length != series.Channels || stored.StandardDeviations.Length != series.Channels)
        {
            throw new CheckpointException(
                $"The checkpoint's normalisation for series '{series.Name}' has {stored.Means.Length} channels but the series has {series.Channels}.");
        }

        return stored;
    }

    /// <summary>The estimate of every step (normalised), each from the window where the step is most central.</summary>
    private float[] Reconstruct(BidirectionalScorer scorer, float[] normalized, int steps, int channels, CancellationToken cancellationToken)
    {
        var length = Math.Min(WindowLength, steps);
        var starts = WindowStarts(steps, length);

        // Owner window of every step: the largest distance to the window's nearer edge; ties go to the earlier window.
        var owner = new int[steps];
        var centrality = new int[steps];
        Array.Fill(centrality, -1);
        for (var window = 0; window < starts.Count; window++)
        {
            for (var position = 0; position < length; position++)
            {
                var step = starts[window] + position;
                var distance = Math.Min(position, length - 1 - position);
                if (distance > centrality[step])
                {
                    centrality[step] = distance;
                    owner[step] = window;
                }
            }
        }

        var estimates = new float[steps];
        var windowSize = length * channels;
        for (var first = 0; first < starts.Count; first += WindowsPerBatch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(WindowsPerBatch, starts.Count - first);
            var batch = new float[count * windowSize];
            for (var i = 0; i < count; i++)
            {
                Array.Copy(normalized, starts[first + i] * channels, batch, i * windowSize, windowSize);
            }

            float[] reconstructed;
            using (var scope = NewDisposeScope())
            using (torch.inference_mode())
            {
                var windows = torch.tensor(batch, [count, length, channels], ScalarType.Float32).to(_device);
                reconstructed = scorer.Reconstruct(windows).contiguous().cpu().data<float>().ToArray();
            }

            for (var i = 0; i < count; i++)
            {
                var window = first + i;
                for (var position = 0; position < length; position++)
                {
                    var step = starts[window] + position;
                    if (owner[step] == window)
                    {
                        estimates[step] = reconstructed[(i * length) + position];
                    }
                }
            }
        }

        return estimates;
    }
}
