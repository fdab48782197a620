namespace StreamRnn.Contracts;

/// <summary>What happened to a suppression (<see cref="SuppressionEvent.Transition"/>).</summary>
public enum SuppressionTransitionKind
{
    /// <summary>An operator made it (or made it again for the same target, replacing the one before).</summary>
    SuppressionMade = 0,

    /// <summary>An operator lifted it before its end.</summary>
    SuppressionLifted = 1,
}
