using System.Diagnostics.Metrics;
using StreamRnn.Telemetry;

namespace StreamRnn.Batching;

/// <summary>
/// The <see cref="InferenceBatcher"/>'s instruments on the <see cref="StreamRnnTelemetry.MeterName"/> meter, and the
/// running totals it reports through <see cref="IInferenceBatcher"/>.
/// </summary>
internal sealed class BatcherMetrics : IDisposable
{
    private readonly Meter? _ownedMeter;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<int> _batchSteps;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _queueDuration;
    private readonly Counter<long> _steps;
    private readonly Counter<long> _swapCounter;
    private readonly Counter<long> _failedSteps;
    private readonly Counter<long> _nonFinite;
    private readonly Counter<long> _fallbacks;
    private long _swaps;
    private long _failedStepCount;
    private long _nonFiniteRequests;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>, or on a private meter when absent.</summary>
    public BatcherMetrics(IMeterFactory? meterFactory)
    {
        Meter meter;
        if (meterFactory is null)
        {
            meter = _ownedMeter = new Meter(StreamRnnTelemetry.MeterName);
        }
        else
        {
            meter = meterFactory.Create(new MeterOptions(StreamRnnTelemetry.MeterName));
        }

        _batchSize = meter.CreateHistogram<int>(StreamRnnTelemetry.InferenceBatchSize, "{request}", "Requests per batched forward.");
        _batchSteps = meter.CreateHistogram<int>(StreamRnnTelemetry.InferenceBatchSteps, "{step}", "Total steps per batched forward.");
        _duration = meter.CreateHistogram<double>(StreamRnnTelemetry.InferenceDuration, "ms", "Wall time of one batched forward, copies included.");
        _queueDuration = meter.CreateHistogram<double>(StreamRnnTelemetry.InferenceQueueDuration, "ms", "Time a request waited before its forward started.");
        _steps = meter.CreateCounter<long>(StreamRnnTelemetry.InferenceSteps, "{step}", "Steps run through the model.");
        _swapCounter = meter.CreateCounter<long>(StreamRnnTelemetry.InferenceSwaps, "{swap}", "Switches to other weights.");
        _failedSteps = meter.CreateCounter<long>(StreamRnnTelemetry.InferenceStepsFailed, "{step}", "Steps whose batched forward failed.");
        _nonFinite = meter.CreateCounter<long>(StreamRnnTelemetry.InferenceNonFinite, "{request}", "Requests no model version had a finite answer for.");
        _fallbacks = meter.CreateCounter<long>(StreamRnnTelemetry.InferenceFallbacks, "{fallback}", "Versions dropped for forecasting NaN or infinity.");

        // Present from the start (at 0), so alert rules and panels over them have a series before the first swap, failure or fallback.
        _swapCounter.Add(0);
        _failedSteps.Add(0);
        _fallbacks.Add(0);
    }

    /// <summary>Switches to other weights since the batcher started.</summary>
    public long Swaps => Interlocked.Read(ref _swaps);

    /// <summary>Steps whose batched forward failed since the batcher started.</summary>
    public long FailedSteps => Interlocked.Read(ref _failedStepCount);

    /// <summary>Requests failed because no version had a finite answer.</summary>
    public long NonFiniteRequests => Interlocked.Read(ref _nonFiniteRequests);

    /// <summary><paramref name="requests"/> requests of a batch failed for a non-finite answer.</summary>
    public void RecordNonFinite(int requests)
    {
        Interlocked.Add(ref _nonFiniteRequests, requests);
        _nonFinite.Add(requests);
    }

    /// <summary>A version dropped for forecasting NaN or infinity (the switch back is counted as a swap too).</summary>
    public void RecordFallback()
    {
        _fallbacks.Add(1);
    }

    /// <summary>How long one request waited before its forward started.</summary>
    public void RecordQueueWait(TimeSpan waited)
    {
        _queueDuration.Record(waited.TotalMilliseconds);
    }

    /// <summary>One batched forward: its size, its total steps, its wall time, and whether it failed.</summary>
    public void RecordBatch(int requests, int totalSteps, TimeSpan elapsed, bool failed)
    {
        _batchSize.Record(requests);
        _batchSteps.Record(totalSteps);
        _duration.Record(elapsed.TotalMilliseconds);
        if (failed)
        {
            Interlocked.Add(ref _failedStepCount, totalSteps);
            _failedSteps.Add(totalSteps);
        }
        else
        {
            _steps.Add(totalSteps);
        }
    }

    /// <summary>A switch to other weights.</summary>
    public void RecordSwap()
    {
        Interlocked.Increment(ref _swaps);
        _swapCounter.Add(1);
    }

    /// <summary>Disposes the private meter, if any (a factory's meters belong to the factory).</summary>
    public void Dispose()
    {
        _ownedMeter?.Dispose();
    }
}
