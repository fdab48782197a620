using Microsoft.Playwright;

namespace StreamRnn.WebConsole.Tests;

/// <summary>
/// Debian's <c>chromium</c> (installed by scripts/test) driven headless by Playwright: its executable path is given, so
/// Playwright downloads no browser; its bundled driver runs offline.
/// </summary>
internal static class Browser
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var executable = Candidates.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException(
            "chromium was not found (/usr/bin/chromium). The console tests drive a real headless Chromium: run the tests with scripts/test, " +
            "which installs it (apt-get install chromium), or install Debian's chromium yourself.");
        var playwright = await Playwright.CreateAsync();
        try
        {
            // --no-sandbox: the tests run as root in CI, where Chromium's sandbox refuses to start.
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = executable, Headless = true, Args = ["--no-sandbox"] });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Where screenshots go: TestResults/console-screenshots beside the test assembly (printed by each test).</summary>
    public static string ScreenshotFolder()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "console-screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Saves a full-page screenshot and attaches it to the test's results.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(ScreenshotFolder(), name + ".png");
        var bytes = await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.Current.AddAttachment(name, bytes, "image/png");
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {path}");
    }
}
