namespace StreamRnn.Batching;

/// <summary>
/// The batcher stopped serving <paramref name="Version"/> because it forecast NaN or infinity where
/// <paramref name="FallbackVersion"/> (the version it served before, kept for this) computed the same batch finite; it
/// serves <paramref name="FallbackVersion"/> now and never swaps back to <paramref name="Version"/>.
/// </summary>
/// <param name="Version">The version that was dropped.</param>
/// <param name="FallbackVersion">The version served instead.</param>
/// <param name="Reason">What was seen, for the registry and the logs.</param>
public sealed record ModelFault(int Version, int FallbackVersion, string Reason);
