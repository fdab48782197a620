namespace StreamRnn.Scoring;

/// <summary>The range of values a sensor has seen (<see cref="RangeNovelty"/>): its ends and how many readings it took in.</summary>
/// <param name="Low">The lowest value seen, drawn slowly towards later readings.</param>
/// <param name="High">The highest value seen, drawn slowly towards later readings.</param>
/// <param name="Readings">Readings taken in; 0 for a range that has seen none.</param>
public readonly record struct ObservedRange(double Low, double High, long Readings);
