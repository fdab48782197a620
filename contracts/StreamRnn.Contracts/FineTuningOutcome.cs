namespace StreamRnn.Contracts;

/// <summary>How a fine-tuning round or a gated promotion ended.</summary>
public enum FineTuningOutcome
{
    /// <summary>Not run: too little training data, or a round already in progress.</summary>
    Skipped = 0,

    /// <summary>The candidate passed the validation gate and is now active.</summary>
    Promoted = 1,

    /// <summary>The candidate failed the validation gate (non-finite weights or worse error); the reason is recorded.</summary>
    Rejected = 2,

    /// <summary>Training failed; the reason is recorded and the active version is unchanged.</summary>
    Failed = 3,
}
