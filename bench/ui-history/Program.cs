using System.Diagnostics;
using System.Globalization;
using ContentFlows.Bench.UiHistory;
using ContentFlows.Temporal.DevServer;
using Microsoft.Playwright;
using Temporalio.Client;

// Usage: UiHistoryBench [events=10000] [runs=5]. Prints the time from navigation to the page's
// first full render (the #app[data-loaded] attribute, then one animation frame) for each run.
var target = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } c ? c : "/usr/bin/chromium";

await using var server = await DevServerHost.StartAsync(new DevServerOptions("127.0.0.1:0") { UiAddress = "127.0.0.1:0" });
await Console.Error.WriteLineAsync($"bench: dev server on {server.Address}, UI at {server.UiUri}");
var connection = await TemporalConnection.ConnectAsync(new TemporalConnectionOptions(server.Address));
var (workflowId, runId, events) = await new HistoryBuilder(connection).BuildAsync(target, activities: target / 10, timers: target / 20);

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = chromium,
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
var url = new Uri(server.UiUri!, $"namespaces/default/workflows/{workflowId}/{runId}");
var wall = new List<double>();
var inPage = new List<double>();
for (var i = 0; i < runs; i++)
{
    // A fresh context per run: no cached modules, as an engineer opening a link for the first time.
    await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
    var page = await context.NewPageAsync();
    var clock = Stopwatch.StartNew();
    await page.GotoAsync(url.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
    await page.WaitForSelectorAsync("#app[data-loaded]", new PageWaitForSelectorOptions { Timeout = 60_000 });
    var rendered = await page.EvaluateAsync<double>("() => new Promise(r => requestAnimationFrame(() => r(performance.now())))");
    clock.Stop();
    var shown = await page.GetAttributeAsync("#app", "data-event-count");
    var fetched = await page.EvaluateAsync<double>("() => performance.getEntriesByType('resource').filter(r => /\\/history$/.test(r.name)).map(r => r.responseEnd)[0] ?? 0");
    wall.Add(clock.Elapsed.TotalMilliseconds);
    inPage.Add(rendered);
    await Console.Error.WriteLineAsync($"bench: run {i + 1}: {rendered:F0} ms in page (navigation start to rendered frame), {clock.Elapsed.TotalMilliseconds:F0} ms wall; history JSON received at {fetched:F0} ms; {shown} events shown");
    if (i == 0)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "ui-history-10k.png") });
    }
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}

await Console.Out.WriteLineAsync($"history of {events} events: first full render median {Median(inPage):F0} ms (in page), {Median(wall):F0} ms wall, worst {inPage.Max():F0} ms; aim < 2000 ms: {(Median(inPage) < 2000 ? "met" : "MISSED")}");
