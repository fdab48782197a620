using System.Globalization;
using StreamRnn.Contracts;

namespace StreamRnn.Cli.Evaluation;

/// <summary>
/// The evaluation's fine-tuning schedule, by readings replayed rather than wall time: after a file (or, interleaved, a
/// sweep of one row of every file) that brings the readings since the last round to at least <c>every</c>, with every
/// score so far collected, one round runs
/// (<c>train-now</c>: trained on what the sensors contributed, gated, promoted or rejected) and, when promoted, the
/// replay waits until the silo serves the new version. Rounds therefore fall at the same points of the replay in every
/// run, on the same training windows.
/// </summary>
internal sealed class EvaluationRounds(long every, IFineTuningCoordinatorGrain coordinator, Func<int, CancellationToken, Task>? waitForVersion)
{
    private long _lastRound;

    /// <summary>Whether a round is due after <paramref name="replayed"/> readings.</summary>
    public bool IsDue(long replayed) => every > 0 && replayed - _lastRound >= every;

    /// <summary>Runs a round if one is due after <paramref name="replayed"/> readings (every score so far collected).</summary>
    public async Task RunIfDueAsync(long replayed, CancellationToken cancellationToken)
    {
        if (!IsDue(replayed))
        {
            return;
        }

        _lastRound = replayed;
        var round = await coordinator.TrainNowAsync(cancellationToken).ConfigureAwait(false);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"fine-tuning round {round.Round} after {replayed} readings: {round.Outcome.ToString().ToLowerInvariant()}, v{round.ParentVersion} -> {(round.CandidateVersion is { } v ? "v" + v.ToString(CultureInfo.InvariantCulture) : "-")}, held-out loss {round.BaselineLoss:G4} -> {round.CandidateLoss:G4}"));
        if (round.Outcome == FineTuningOutcome.Promoted && round.CandidateVersion is { } promoted && waitForVersion is not null)
        {
            await waitForVersion(promoted, cancellationToken).ConfigureAwait(false);
        }
    }
}
