using StreamRnn.Contracts;

namespace StreamRnn.Grains;

/// <summary>The default <see cref="IScoreSink"/>: scores are not published.</summary>
public sealed class NullScoreSink : IScoreSink
{
    public bool Enabled => false;

    public ValueTask PublishAsync(IReadOnlyList<SensorScore> scores, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
