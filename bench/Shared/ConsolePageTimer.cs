using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace ContentFlows.Bench.Shared;

/// <summary>
/// Times console views in headless Chromium: each view opened <c>repeats</c> times in a fresh context signed in with
/// the key (plus one unmeasured load), from navigation to the frame after the view says it is ready; prints the medians.
/// </summary>
internal static class ConsolePageTimer
{
    /// <summary>Runs the views; true when every median is under <paramref name="limit"/>.</summary>
    public static async Task<bool> AllUnderAsync(Uri api, string key, IReadOnlyList<(string Name, string Hash, Func<IPage, Task> Ready)> views, int repeats, TimeSpan limit)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });

        var allUnder = true;
        foreach (var (name, hash, ready) in views)
        {
            var times = new List<double>();

            // One unmeasured load per view: the first compiles the page's modules and warms the API's connection pool.
            for (var i = 0; i <= repeats; i++)
            {
                await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = api.ToString(), ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
                await context.AddInitScriptAsync($"sessionStorage.setItem('contentflows.console.apiKey', {JsonSerializer.Serialize(key)});");
                var page = await context.NewPageAsync();
                await page.GotoAsync("/console" + hash, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
                await ready(page);

                // Time from the navigation's start to the next frame after the view is ready, measured by the page itself.
                var elapsed = await page.EvaluateAsync<double>("() => new Promise(resolve => requestAnimationFrame(() => resolve(performance.now())))");
                if (i > 0)
                {
                    times.Add(elapsed);
                }
            }

            times.Sort();
            var median = times[times.Count / 2];
            var ok = median < limit.TotalMilliseconds;
            allUnder &= ok;
            Console.WriteLine($"  {name,-13} median {median,6:0} ms  (runs: {string.Join(", ", times.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))})  {(ok ? "OK" : "FAIL")} < {limit.TotalMilliseconds:0} ms");
        }

        return allUnder;
    }
}
