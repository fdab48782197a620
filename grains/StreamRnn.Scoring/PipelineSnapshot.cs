namespace StreamRnn.Scoring;

/// <summary>
/// A pipeline's state as it was, to put back if what follows fails (a call that must apply wholly or not at all):
/// written into a recycled buffer, so taking one on every call allocates almost nothing; its bytes are made only when
/// they are needed (<see cref="ToArray"/>). Dispose it when the call is over.
/// </summary>
public sealed class PipelineSnapshot : IDisposable
{
    private MemoryStream? _saved;

    private PipelineSnapshot(MemoryStream saved) => _saved = saved;

    /// <summary>Takes a snapshot of <paramref name="pipeline"/> now.</summary>
    public static PipelineSnapshot Of(SensorPipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var saved = RecycledStreams.Rent();
        pipeline.SaveTo(saved);
        return new PipelineSnapshot(saved);
    }

    /// <summary>The saved state, as <see cref="SensorPipeline.Save"/> would have returned it then.</summary>
    public byte[] ToArray() => (_saved ?? throw new ObjectDisposedException(nameof(PipelineSnapshot))).ToArray();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _saved, null) is { } saved)
        {
            RecycledStreams.Return(saved);
        }
    }
}
