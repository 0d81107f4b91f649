using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Npgsql;

// Usage: ContentFlows.Bench.ConsoleRuns API_URL BOOTSTRAP_KEY POSTGRES SCHEMA [RUNS] [REPEATS] (run.sh passes them).
if (args.Length < 4)
{
    await Console.Error.WriteLineAsync("usage: ContentFlows.Bench.ConsoleRuns API_URL BOOTSTRAP_KEY POSTGRES SCHEMA [RUNS] [REPEATS]");
    return 2;
}

var api = new Uri(args[0]);
var runs = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 10_000;
var repeats = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 5;
var limit = TimeSpan.FromSeconds(1);

// A project and a definition through the API, then the runs straight into the table.
using var http = new HttpClient { BaseAddress = api };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", args[1]);
using var created = await http.PostAsJsonAsync("/api/projects", new
{
    name = "Console bench",
    slug = "console-bench-" + Guid.NewGuid().ToString("N")[..8],
    brand = new { voiceAndTone = "Plain.", bannedPhrases = Array.Empty<string>(), requiredPhrases = Array.Empty<string>() },
    quality = new { minScore = 50 },
});
created.EnsureSuccessStatusCode();
var project = await created.Content.ReadFromJsonAsync<JsonElement>();
var projectId = project.GetProperty("project").GetProperty("id").GetGuid();
var key = project.GetProperty("adminKey").GetProperty("key").GetString()!;
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
using var definition = await http.PostAsJsonAsync("/api/definitions", new { name = "landing-page", stages = new object[] { new { type = "generate" }, new { type = "quality-gates" } } });
definition.EnsureSuccessStatusCode();
var definitionId = (await definition.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

var clock = Stopwatch.StartNew();
await using (var dataSource = NpgsqlDataSource.Create(args[2]))
{
    await using var insert = dataSource.CreateCommand(
        $"""
        INSERT INTO "{args[3]}".pipeline_runs (id, project_id, definition_id, definition_version, workflow_id, brief, status, created_at, updated_at, closed_at)
        SELECT gen_random_uuid(), '{projectId}', '{definitionId}', 1, 'pipeline-' || replace(gen_random_uuid()::text, '-', ''),
               jsonb_build_object('topic', 'Product ' || n, 'audience', 'busy families', 'channel', 'product-page', 'language', 'en', 'keywords', '[]'::jsonb, 'sourceText', ''),
               (ARRAY['published', 'awaiting-approval', 'running', 'rejected', 'completed'])[n % 5 + 1],
               now() - n * interval '1 minute',
               -- No workflows behind these rows: open ones count as just reconciled, or the API's reconciler closes them mid-bench.
               CASE WHEN n % 5 IN (1, 2) THEN now() + interval '1 day' ELSE now() - n * interval '1 minute' END,
               CASE WHEN n % 5 IN (1, 2) THEN NULL ELSE now() - n * interval '1 minute' END
        FROM generate_series(1, {runs}) AS n;
        INSERT INTO "{args[3]}".llm_calls (id, run_id, stage, model, prompt_tokens, completion_tokens, cost, created_at)
        SELECT gen_random_uuid(), id, 'generate', 'offline-generator', 900, 400, 0.0105, created_at FROM "{args[3]}".pipeline_runs WHERE project_id = '{projectId}';
        ANALYZE "{args[3]}".pipeline_runs;
        ANALYZE "{args[3]}".llm_calls;
        """);
    await insert.ExecuteNonQueryAsync();
}

await Console.Error.WriteLineAsync($"bench: {runs} runs with an LLM call each stored in {clock.Elapsed.TotalSeconds:0.0} s");

// The 100th page is reached by its cursor, as the page's Older button would after 99 clicks.
var deepCursor = await CursorOfPageAsync(http, Math.Min(100, runs / 50));
var views = new (string Name, string Hash, int Rows)[]
{
    ("first page", "#/runs", Math.Min(50, runs)),
    ("state filter", "#/runs?state=published", Math.Min(50, runs / 5)),
    ("text search", "#/runs?q=Product%20123", 11),
    ("100th page", "#/runs?cursor=" + Uri.EscapeDataString(deepCursor ?? string.Empty), Math.Min(50, runs)),
};

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});

var failed = false;
Console.WriteLine($"console runs list, {runs} runs, median of {repeats} (navigation → last row painted, headless chromium):");
foreach (var (name, hash, rows) in views)
{
    var times = new List<double>();

    // One unmeasured load per view: the first compiles the page's modules and warms the API's connection pool.
    for (var i = 0; i <= repeats; i++)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = api.ToString(), ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        await context.AddInitScriptAsync($"sessionStorage.setItem('contentflows.console.apiKey', {JsonSerializer.Serialize(key)});");
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console" + hash, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        await page.Locator($"[data-testid=runs-table] tbody tr:nth-child({rows})").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });

        // Time from the navigation's start to the next frame after the last row exists, measured by the page itself.
        var elapsed = await page.EvaluateAsync<double>("() => new Promise(resolve => requestAnimationFrame(() => resolve(performance.now())))");
        if (i > 0)
        {
            times.Add(elapsed);
        }
    }

    times.Sort();
    var median = times[times.Count / 2];
    var ok = median < limit.TotalMilliseconds;
    failed |= !ok;
    Console.WriteLine($"  {name,-13} median {median,6:0} ms  (runs: {string.Join(", ", times.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))})  {(ok ? "OK" : "FAIL")} < {limit.TotalMilliseconds:0} ms");
}

return failed ? 1 : 0;

static async Task<string?> CursorOfPageAsync(HttpClient http, int page)
{
    string? cursor = null;
    for (var i = 1; i < page; i++)
    {
        var body = await http.GetFromJsonAsync<JsonElement>("/api/runs/search?limit=50" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)));
        cursor = body.GetProperty("nextCursor").GetString();
    }

    return cursor;
}
