namespace StreamRnn.Hosting.Ingest;

/// <summary>
/// Retries of a grain call that failed (a silo lost, a storage or sink fault): exponential back-off from 100 ms,
/// capped at <see cref="MaxDelay"/>, so that a cluster has time to notice a dead silo and re-place its grains.
/// </summary>
internal static class IngestRetry
{
    /// <summary>The longest wait between two tries.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>The wait before retry <paramref name="attempt"/> (1 for the first).</summary>
    public static TimeSpan Delay(int attempt) =>
        attempt >= 6 ? MaxDelay : TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks << (attempt - 1)));

    /// <summary>Runs <paramref name="call"/>, retrying it up to <paramref name="maxRetries"/> times; the last failure is thrown.</summary>
    public static async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> call,
        int maxRetries,
        Action<Exception, int> onRetry,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(cancellationToken);
            }
            catch (Exception exception) when (attempt <= maxRetries && exception is not OperationCanceledException)
            {
                onRetry(exception, attempt);
                await Task.Delay(Delay(attempt), timeProvider, cancellationToken);
            }
        }
    }
}
