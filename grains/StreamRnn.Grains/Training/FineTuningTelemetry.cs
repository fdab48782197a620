using System.Diagnostics.Metrics;
using StreamRnn.Contracts;
using StreamRnn.Telemetry;

namespace StreamRnn.Grains.Training;

/// <summary>Fine-tuning instruments: rounds by outcome, training time, windows received.</summary>
public sealed class FineTuningTelemetry
{
    private readonly Counter<long> _rounds;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _windows;

    public FineTuningTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(StreamRnnTelemetry.MeterName);
        _rounds = meter.CreateCounter<long>(StreamRnnTelemetry.TrainingRounds, "{round}", "Fine-tuning rounds and gated promotions, by outcome and trigger.");
        _duration = meter.CreateHistogram<double>(StreamRnnTelemetry.TrainingDuration, "s", "Wall time of one fine-tuning job on its trainer.");
        _windows = meter.CreateCounter<long>(StreamRnnTelemetry.TrainingWindows, "{window}", "Training windows sensors contributed.");
    }

    public void WindowReceived() => _windows.Add(1);

    public void RoundEnded(FineTuningRound round)
    {
        ArgumentNullException.ThrowIfNull(round);
        _rounds.Add(
            1,
            new KeyValuePair<string, object?>("outcome", round.Outcome.ToString().ToLowerInvariant()),
            new KeyValuePair<string, object?>("trigger", round.Trigger));
        if (round.TrainingDuration > TimeSpan.Zero)
        {
            _duration.Record(round.TrainingDuration.TotalSeconds, new KeyValuePair<string, object?>("device", round.Device));
        }
    }
}
