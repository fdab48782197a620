using StreamRnn.Evaluation;

namespace StreamRnn.Cli.Evaluation;

/// <summary>One replay of the protocol: a variant of the settings on a corpus, and what NAB made of its scores.</summary>
/// <param name="Name">The variant (<c>defaults</c>, <c>Sensors:MinimumEventGap half (150)</c>).</param>
/// <param name="Settings">The silo settings it moved (<c>--Sensors:MinimumEventGap=150</c>); empty for the defaults.</param>
/// <param name="Scores">Every file's scores.</param>
/// <param name="Result">NAB's result over the corpus it ran on.</param>
/// <param name="Elapsed">The replay's wall time.</param>
internal sealed record ProtocolRun(string Name, IReadOnlyList<string> Settings, IReadOnlyDictionary<string, double[]> Scores, NabEvaluationResult Result, TimeSpan Elapsed);
