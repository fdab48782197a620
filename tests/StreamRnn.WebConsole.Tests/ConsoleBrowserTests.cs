using System.Diagnostics;
using System.Net;
using Confluent.Kafka;
using Microsoft.Playwright;
using StreamRnn.Client;
using StreamRnn.Contracts;

namespace StreamRnn.WebConsole.Tests;

/// <summary>
/// The console in a real headless Chromium against a silo running the demo fleet (development mode: the console is
/// open): the failing sensors appear in the list, a sensor's page draws its chart, and acknowledging an alert in the
/// browser changes it in the alert grain and puts the lifecycle event on Kafka. Screenshots in TestResults/console-screenshots.
/// </summary>
public sealed class ConsoleBrowserTests
{
    private const string StuckSensor = "demo-0003";
    private const string QuietSensor = "demo-0001";
    private static readonly float Timeout = (float)ConsoleSilo.Deadline.TotalMilliseconds;

    [Fact]
    public async Task Console_DemoFleet_ListsFailingSensorsDrawsChartAndAcknowledgesThroughGrainAndKafka()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var silo = await ConsoleSilo.StartAsync(
            ["--Demo:Enabled=true", "--Demo:Sensors=8", "--Demo:FailuresAfter=00:00:02", "--Demo:InvalidEvery=0", "--Console:RefreshInterval=00:00:01",

            // The machine may stall for seconds under load; a dropout would then make every sensor "silent".
            "--Sensors:MinimumDropoutSilence=00:02:00",
        ], ct);
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });

        // Development mode: open, and the page says so.
        await page.GotoAsync(new Uri(silo.BaseAddress, "#/sensors").ToString());
        await Assertions.Expect(page.Locator("#mode-banner")).ToContainTextAsync("no authentication", new() { Timeout = Timeout });

        // The stuck demo sensor is listed as stuck (the list refreshes itself from the live feed).
        var stuckRow = page.Locator($"#sensors tr[data-sensor='{StuckSensor}'][data-status='stuck']");
        try
        {
            await stuckRow.WaitForAsync(new() { Timeout = Timeout });
        }
        catch (TimeoutException)
        {
            await Browser.ScreenshotAsync(page, "sensors-timeout");
            using var sensors = await silo.SendAsync(HttpMethod.Get, "api/sensors", token: null, ct);
            TestContext.Current.TestOutputHelper?.WriteLine($"api/sensors: {await sensors.Content.ReadAsStringAsync(ct)}{Environment.NewLine}silo output:{Environment.NewLine}{silo.Process.Output}");
            throw;
        }

        var statuses = await page.Locator("#sensors tr[data-sensor]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.sensor + '=' + r.dataset.status)");
        Assert.Contains($"{StuckSensor}=stuck", statuses);
        await Browser.ScreenshotAsync(page, "sensors");

        // Every demo sensor is listed from the sensor directory, those that never alerted too (normal, no last alert).
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#sensors tr[data-sensor^=\"demo-\"]').length === 8", null, new() { Timeout = Timeout });
        var quiet = await page.Locator("#sensors tr[data-sensor][data-status='normal']").EvaluateAllAsync<string[]>(
            "rows => rows.filter(r => r.cells[2].textContent.trim() === '—').map(r => r.dataset.sensor)");
        using (var lifecycle = await StreamRnnClusterClient.ConnectAsync(StreamRnnClusterConnection.Localhost(silo.GatewayPort), ct))
        {
            var neverAlerted = new List<string>();
            foreach (var sensorId in quiet)
            {
                if ((await lifecycle.Client().ListAlertsAsync(new AlertQuery(SensorId: sensorId), ct)).Length == 0)
                {
                    neverAlerted.Add(sensorId);
                }
            }

            Assert.NotEmpty(neverAlerted);
            await lifecycle.StopAsync(CancellationToken.None);
        }

        // Its page draws the chart: points arrive while it is watched.
        await stuckRow.Locator("a").ClickAsync();
        var chart = page.Locator("#chart");
        await page.WaitForFunctionAsync("() => Number(document.querySelector('#chart')?.dataset.points) >= 5", null, new() { Timeout = Timeout });
        var drawn = await page.Locator("#chart-value").GetAttributeAsync("d");
        Assert.Matches(@"^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+)+$", drawn);
        Assert.True(int.Parse(await chart.GetAttributeAsync("data-points") ?? "0", System.Globalization.CultureInfo.InvariantCulture) >= 5);
        Assert.False(string.IsNullOrEmpty(await page.Locator("#chart-band").GetAttributeAsync("d")));
        await Browser.ScreenshotAsync(page, "sensor");

        // Acknowledge its open alert in the browser.
        await page.GotoAsync(new Uri(silo.BaseAddress, "#/alerts").ToString());
        var open = page.Locator("#alerts tr[data-state='open']").Filter(new() { HasText = StuckSensor }).First;
        await open.WaitForAsync(new() { Timeout = Timeout });
        var alertId = await open.GetAttributeAsync("data-alert-id") ?? throw new InvalidOperationException("no alert id");
        await open.Locator("button.ack").ClickAsync();
        await page.Locator("#dialog [name='reason']").FillAsync("looking at the pump");
        await page.Locator("#dialog-ok").ClickAsync();
        await page.Locator($"#alerts tr[data-alert-id='{alertId}'][data-state='acknowledged']").WaitForAsync(new() { Timeout = Timeout });
        await Browser.ScreenshotAsync(page, "alerts");

        // The alert grain has it, by the console's user, and the lifecycle event is on the Kafka events topic.
        using var host = await StreamRnnClusterClient.ConnectAsync(StreamRnnClusterConnection.Localhost(silo.GatewayPort), ct);
        var record = await host.Client().GetGrain<IAlertGrain>(alertId).GetAsync(ct);
        Assert.NotNull(record);
        Assert.Equal(AlertState.Acknowledged, record.State);
        Assert.Equal(("development", "looking at the pump"), (record.Acknowledged!.By, record.Acknowledged.Reason));
        var acknowledged = ReadEvent(silo, value => AlertLifecycleEventJson.Deserialize(value) is { } e && e.AlertId == alertId && e.Transition == AlertTransitionKind.Acknowledged ? e : null, ct);
        Assert.Equal(("development", StuckSensor), (acknowledged.By, acknowledged.SensorId));

        // Suppress a sensor from the alerts view, then lift it from the suppressions list: the grain keeps who lifted it
        // and why, and the SuppressionLifted event is on the events topic.
        await page.Locator("#suppress").ClickAsync();
        await page.Locator("#dialog [name='sensorId']").FillAsync(QuietSensor);
        await page.Locator("#dialog [name='reason']").FillAsync("calibration");
        await page.Locator("#dialog-ok").ClickAsync();
        var suppressionRow = page.Locator($"#suppressions tr[data-sensor='{QuietSensor}']");
        await suppressionRow.WaitForAsync(new() { Timeout = Timeout });
        await suppressionRow.Locator("button.lift").ClickAsync();
        await page.Locator("#dialog [name='reason']").FillAsync("calibrated");
        await page.Locator("#dialog-ok").ClickAsync();
        await suppressionRow.WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = Timeout });
        Assert.DoesNotContain(await host.Client().ListSuppressionsAsync(ct), x => x.SensorId == QuietSensor);
        var lifted = Assert.Single(await host.Client().ListLiftedSuppressionsAsync(ct), x => x.SensorId == QuietSensor);
        Assert.Equal(("development", "calibration", "development", "calibrated"), (lifted.Made.By, lifted.Made.Reason, lifted.Lifted!.By, lifted.Lifted.Reason));
        var liftedEvent = ReadEvent(silo, value => SuppressionEventJson.Deserialize(value) is { Transition: SuppressionTransitionKind.SuppressionLifted } e && e.SensorId == QuietSensor ? e : null, ct);
        Assert.Equal(("development", "calibrated", (AlertKind?)null), (liftedEvent.By, liftedEvent.Reason, liftedEvent.Kind));
        await Browser.ScreenshotAsync(page, "suppressions");
        await host.StopAsync(CancellationToken.None);

        // The Cluster and Models views: the one silo (no accelerator), the model served, version 1 active.
        await page.GotoAsync(new Uri(silo.BaseAddress, "#/cluster").ToString());
        await Assertions.Expect(page.Locator("#silos tr[data-silo]")).ToContainTextAsync("cpu", new() { Timeout = Timeout });
        await page.Locator("#silos tr[data-silo][data-reported='yes']").WaitForAsync(new() { Timeout = Timeout });
        await Browser.ScreenshotAsync(page, "cluster");
        await page.GotoAsync(new Uri(silo.BaseAddress, "#/models").ToString());
        await page.Locator("#models tr[data-version='1'][data-status='active']").WaitForAsync(new() { Timeout = Timeout });
        await Browser.ScreenshotAsync(page, "models");
    }

    [Fact]
    public async Task Api_DevelopmentMode_OpenWithoutToken()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var silo = await ConsoleSilo.StartAsync(["--Demo:Enabled=false"], ct);
        using var info = await silo.SendAsync(HttpMethod.Get, "api/info", token: null, ct);
        using var alerts = await silo.SendAsync(HttpMethod.Get, "api/alerts", token: null, ct);
        using var page = await silo.SendAsync(HttpMethod.Get, "", token: null, ct);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (info.StatusCode, alerts.StatusCode, page.StatusCode));
        Assert.Contains("\"open\":true", await info.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Contains("/console/app.js", await page.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    /// <summary>The first message on the alert events topic that <paramref name="match"/> returns something for.</summary>
    private static T ReadEvent<T>(ConsoleSilo silo, Func<byte[], T?> match, CancellationToken cancellationToken)
        where T : class
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = silo.Kafka.BootstrapServers, GroupId = $"console-browser-test-{Guid.NewGuid():N}", AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(silo.Topics.AlertEventsTopic);
        var clock = Stopwatch.StartNew();
        try
        {
            while (clock.Elapsed < ConsoleSilo.Deadline)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: { } message } && match(message.Value) is { } found)
                {
                    return found;
                }
            }
        }
        finally
        {
            consumer.Close();
        }

        throw new TimeoutException($"No matching {typeof(T).Name} on {silo.Topics.AlertEventsTopic}.");
    }
}
