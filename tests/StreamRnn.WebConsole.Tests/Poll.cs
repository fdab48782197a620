using System.Diagnostics;

namespace StreamRnn.WebConsole.Tests;

/// <summary>Asks until the answer is not null, or fails after <see cref="ConsoleSilo.Deadline"/> naming what it waited for.</summary>
internal static class Poll
{
    public static async Task<T> UntilAsync<T>(string what, Func<Task<T?>> ask, CancellationToken cancellationToken)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < ConsoleSilo.Deadline)
        {
            try
            {
                if (await ask() is { } answer)
                {
                    return answer;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                last = exception;
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new TimeoutException($"Waited {ConsoleSilo.Deadline.TotalSeconds} s for {what}.", last);
    }
}
