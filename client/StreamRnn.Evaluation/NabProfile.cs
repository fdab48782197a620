namespace StreamRnn.Evaluation;

/// <summary>
/// A NAB v1.1 cost profile: the weight of a detected window (<c>A_TP</c>), of a missed window
/// (<c>A_FN</c>) and of a false-positive row (<c>A_FP</c>).
/// </summary>
/// <param name="Name">NAB's profile name, as used in its result files.</param>
/// <param name="TruePositiveWeight"><c>A_TP</c>: a detection at a window's left edge earns this much.</param>
/// <param name="FalseNegativeWeight"><c>A_FN</c>: a window without any scored alert costs this much.</param>
/// <param name="FalsePositiveWeight"><c>A_FP</c>: an alerted row far from any window costs this much.</param>
public sealed record NabProfile(string Name, double TruePositiveWeight, double FalseNegativeWeight, double FalsePositiveWeight)
{
    /// <summary>NAB's <c>standard</c> profile: A_TP 1, A_FN 1, A_FP 0.11.</summary>
    public static NabProfile Standard { get; } = new("standard", 1.0, 1.0, 0.11);

    /// <summary>NAB's <c>reward_low_FP_rate</c> profile: A_TP 1, A_FN 1, A_FP 0.22.</summary>
    public static NabProfile RewardLowFalsePositives { get; } = new("reward_low_FP_rate", 1.0, 1.0, 0.22);

    /// <summary>NAB's <c>reward_low_FN_rate</c> profile: A_TP 1, A_FN 2, A_FP 0.11.</summary>
    public static NabProfile RewardLowFalseNegatives { get; } = new("reward_low_FN_rate", 1.0, 2.0, 0.11);

    /// <summary>The three NAB profiles, in NAB's order: standard, low FP, low FN.</summary>
    public static IReadOnlyList<NabProfile> All { get; } = [Standard, RewardLowFalsePositives, RewardLowFalseNegatives];
}
