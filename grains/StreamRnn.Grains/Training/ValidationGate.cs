using System.Globalization;

namespace StreamRnn.Grains.Training;

/// <summary>
/// Decides whether a candidate may replace the active version: every weight finite, and its held-out error not
/// worse than the active version's beyond a relative tolerance (or, with a negative one, better by at least that much).
/// </summary>
public static class ValidationGate
{
    /// <summary>The decision and its reason, with the figures.</summary>
    /// <param name="baselineLoss">The active version's held-out loss.</param>
    /// <param name="candidateLoss">The candidate's held-out loss.</param>
    /// <param name="nonFiniteParameter">The first non-finite weight of the candidate, or <see langword="null"/>.</param>
    /// <param name="tolerance">Allowed relative worsening (0.02 = 2 %); negative, the relative gain required (−0.02: 2 % better).</param>
    public static (bool Passed, string Reason) Evaluate(double baselineLoss, double candidateLoss, string? nonFiniteParameter, double tolerance)
    {
        if (nonFiniteParameter is not null)
        {
            return (false, $"non-finite weight {nonFiniteParameter}");
        }

        if (!double.IsFinite(candidateLoss))
        {
            return (false, string.Create(CultureInfo.InvariantCulture, $"candidate held-out loss is {candidateLoss}"));
        }

        var limit = baselineLoss * (1 + tolerance);
        if (double.IsFinite(baselineLoss) && candidateLoss > limit)
        {
            return (false, tolerance >= 0
                ? string.Create(CultureInfo.InvariantCulture, $"held-out loss {candidateLoss:G5} is worse than the active version's {baselineLoss:G5} beyond the {tolerance:P1} tolerance")
                : string.Create(CultureInfo.InvariantCulture, $"held-out loss {candidateLoss:G5} is not {-tolerance:P1} below the active version's {baselineLoss:G5}"));
        }

        return (true, string.Create(CultureInfo.InvariantCulture, $"held-out loss {candidateLoss:G5} vs active {baselineLoss:G5} ({Change(baselineLoss, candidateLoss)})"));
    }

    private static string Change(double baseline, double candidate) =>
        baseline > 0 && double.IsFinite(baseline)
            ? string.Create(CultureInfo.InvariantCulture, $"{(candidate - baseline) / baseline:+0.0%;-0.0%}")
            : "no finite baseline";
}
