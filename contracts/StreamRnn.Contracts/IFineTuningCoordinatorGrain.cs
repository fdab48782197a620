using Orleans.Concurrency;

namespace StreamRnn.Contracts;

/// <summary>
/// Schedules fine-tuning for one model group (key: the group) with a durable reminder and on demand,
/// keeps the bounded training buffer the group's sensors contribute to, and gates every promotion.
/// </summary>
public interface IFineTuningCoordinatorGrain : IGrainWithStringKey
{
    /// <summary>Adds a sensor's recent window to the training buffer (one-way: a sensor never waits for it).</summary>
    [OneWay]
    Task ContributeAsync(TrainingWindow window);

    /// <summary>Registers (or updates) the periodic reminder from the <c>Training</c> settings; none when the interval is zero.</summary>
    Task EnsureScheduledAsync(CancellationToken cancellationToken = default);

    /// <summary>Runs one round now: train a candidate from the active weights, validate it, promote or reject it.</summary>
    [ResponseTimeout("00:30:00")]
    Task<FineTuningRound> TrainNowAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Promotes <paramref name="version"/> through the validation gate (finite weights always; held-out error
    /// against the active version unless <paramref name="force"/>, and only when the buffer holds held-out windows).
    /// </summary>
    [ResponseTimeout("00:10:00")]
    Task<FineTuningRound> PromoteAsync(int version, bool force, CancellationToken cancellationToken = default);

    /// <summary>Returns to the previous active version through the same swap path.</summary>
    Task<ModelVersionInfo> RollbackAsync(string reason, CancellationToken cancellationToken = default);

    /// <summary>The buffer, schedule and recent rounds.</summary>
    Task<FineTuningStatus> GetStatusAsync(CancellationToken cancellationToken = default);
}
