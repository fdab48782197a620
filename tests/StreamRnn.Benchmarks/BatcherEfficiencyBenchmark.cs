using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StreamRnn.Batching;
using StreamRnn.Models;
using TorchSharp;

namespace StreamRnn.Benchmarks;

/// <summary>
/// The inference batcher's sensor-steps/s against a bare TorchSharp forward of the same shapes (same cell, hidden size,
/// batch size and steps per request), side by side in one process, alternating so that a noisy neighbour hits both.
/// The bare forward is the least any batcher must do per batch: a tensor from the inputs and one from the states, the
/// model's forward, and the forecasts and final states copied back to arrays. The batcher is driven by
/// <c>2 × batch</c> concurrent callers, each one sensor stepping its own state, so that a full batch is always queued.
/// </summary>
public static class BatcherEfficiencyBenchmark
{
    /// <summary>The batch of the silo's default <c>Inference:MaxBatchSize</c>.</summary>
    public const int DefaultBatchSize = 512;

    /// <summary>
    /// Measures and prints the line
    /// <c>batcher: B x S steps, batcher X sensor-steps/s, bare forward Y sensor-steps/s, ratio R</c>.
    /// </summary>
    /// <param name="batchSize">Requests per forward (the batcher's <c>MaxBatchSize</c>).</param>
    /// <param name="steps">Steps per request (1: live; more: catch-up).</param>
    /// <param name="seconds">Seconds per measurement; each side is measured <paramref name="rounds"/> times, alternating.</param>
    /// <param name="rounds">Alternations.</param>
    /// <param name="cancellationToken">Stops the measurement.</param>
    /// <returns>The batcher's and the bare forward's best sensor-steps/s.</returns>
    public static async Task<(double Batcher, double Bare)> RunAsync(int batchSize = DefaultBatchSize, int steps = 1, double seconds = 5, int rounds = 3, CancellationToken cancellationToken = default)
    {
        var modelOptions = new ModelOptions { Device = "cpu" };
        var shape = ModelShape.FromOptions(modelOptions);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"batcher efficiency: {shape.Cell} hidden {shape.HiddenSize}, {shape.Layers} layer(s), {shape.Channels} channel(s), horizon {shape.Horizon}; batch {batchSize} x {steps} step(s); torch threads {torch.get_num_threads()}, {Environment.ProcessorCount} cores"));
        await using var batcher = new InferenceBatcher(
            Options.Create(modelOptions),
            Options.Create(new InferenceOptions { MaxBatchSize = batchSize, MaxWait = TimeSpan.FromMilliseconds(2) }),
            TimeProvider.System,
            NullLogger<InferenceBatcher>.Instance);
        await batcher.Ready;
        using var model = new RecurrentForecaster(shape, modelOptions.Seed);
        model.eval();

        // Warm-up, not measured: JIT, TorchSharp's first calls, the batcher's thread.
        BareForward(model, shape, batchSize, steps, TimeSpan.FromSeconds(1));
        await BatcherAsync(batcher, shape, batchSize, steps, TimeSpan.FromSeconds(1), cancellationToken);

        var window = TimeSpan.FromSeconds(seconds);
        var bestBatcher = 0.0;
        var bestBare = 0.0;
        for (var round = 0; round < rounds; round++)
        {
            var bare = BareForward(model, shape, batchSize, steps, window);
            var batched = await BatcherAsync(batcher, shape, batchSize, steps, window, cancellationToken);
            bestBare = Math.Max(bestBare, bare);
            bestBatcher = Math.Max(bestBatcher, batched);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round + 1}: bare forward {bare:N0} sensor-steps/s, batcher {batched:N0} sensor-steps/s, ratio {batched / bare:F3}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"batcher: {batchSize} x {steps} step(s), batcher {bestBatcher:N0} sensor-steps/s, bare forward {bestBare:N0} sensor-steps/s, ratio {bestBatcher / bestBare:F3} (best of {rounds})"));
        return (bestBatcher, bestBare);
    }

    /// <summary>Forwards of <paramref name="batchSize"/> rows of <paramref name="steps"/> steps, each from the states the last one left.</summary>
    private static double BareForward(RecurrentForecaster model, ModelShape shape, int batchSize, int steps, TimeSpan window)
    {
        var inputs = Inputs(batchSize * steps * shape.Channels);
        var states = new float[batchSize * shape.StateSize];
        var lengths = new long[batchSize];
        Array.Fill(lengths, steps);
        var clock = Stopwatch.StartNew();
        var batches = 0L;
        while (clock.Elapsed < window)
        {
            using (torch.NewDisposeScope())
            using (torch.inference_mode())
            {
                var inputTensor = torch.tensor(inputs, [batchSize, steps, shape.Channels], torch.ScalarType.Float32);
                var stateTensor = torch.tensor(states, [batchSize, shape.StateSize], torch.ScalarType.Float32);
                var (forecasts, finalStates) = model.ForecastRagged(inputTensor, stateTensor, lengths);
                _ = forecasts.contiguous().data<float>().ToArray();
                states = finalStates.contiguous().data<float>().ToArray();
            }

            batches++;
        }

        return batches * batchSize * steps / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Sensors stepping through the batcher, 2 × <paramref name="batchSize"/> of them at once.</summary>
    private static async Task<double> BatcherAsync(InferenceBatcher batcher, ModelShape shape, int batchSize, int steps, TimeSpan window, CancellationToken cancellationToken)
    {
        var inputs = Inputs(steps * shape.Channels);
        var completed = 0L;
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(window);
        var sensors = Enumerable.Range(0, 2 * batchSize).Select(_ => Task.Run(async () =>
        {
            float[]? state = null;
            while (!stop.IsCancellationRequested)
            {
                var result = await batcher.StepAsync(inputs, steps, state, CancellationToken.None);
                state = result.State;
                Interlocked.Increment(ref completed);
            }
        }, CancellationToken.None)).ToArray();
        await Task.WhenAll(sensors);
        return Interlocked.Read(ref completed) * steps / clock.Elapsed.TotalSeconds;
    }

    private static float[] Inputs(int length)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = MathF.Sin(i / 10f);
        }

        return values;
    }
}
