using StreamRnn.Chaos;

namespace StreamRnn.Chaos.Tests;

public sealed class ChildProcessTests
{
    [Fact]
    public async Task WaitForLineAsync_LinePrintedBeforeTheWait_IsFound()
    {
        // redis-server prints its readiness line within a millisecond of starting: a wait that begins after it must still see it.
        var cancellationToken = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("streamrnn-child-");
        var log = Path.Combine(folder.FullName, "child.log");
        try
        {
            await using var child = ChildProcess.Start("child", "sh", ["-c", "echo ready-now; exec sleep 60"], log);
            await WaitUntilLoggedAsync(log, "ready-now", cancellationToken);

            var line = await child.WaitForLineAsync(printed => printed == "ready-now", TimeSpan.FromSeconds(30), cancellationToken);

            Assert.Equal("ready-now", line);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task WaitUntilLoggedAsync(string log, string line, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        // A whole line: the log's first line, the command, names it too.
        while (!ReadShared(log).Split('\n').Contains(line))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"'{line}' was not logged within 30 s");
            await Task.Delay(20, cancellationToken);
        }
    }

    private static string ReadShared(string path)
    {
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return reader.ReadToEnd();
    }
}
