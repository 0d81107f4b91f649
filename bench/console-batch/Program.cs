using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Npgsql;

// Usage: ContentFlows.Bench.ConsoleBatch API_URL BOOTSTRAP_KEY POSTGRES SCHEMA [ITEMS] [REPEATS] (run.sh passes them).
if (args.Length < 4)
{
    await Console.Error.WriteLineAsync("usage: ContentFlows.Bench.ConsoleBatch API_URL BOOTSTRAP_KEY POSTGRES SCHEMA [ITEMS] [REPEATS]");
    return 2;
}

var api = new Uri(args[0]);
var items = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 20_000;
var repeats = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 5;
var limit = TimeSpan.FromSeconds(1);
var schema = args[3];

// A project and a definition through the API, then the dataset, the batch and its results straight into the tables.
using var http = new HttpClient { BaseAddress = api };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", args[1]);
using var created = await http.PostAsJsonAsync("/api/projects", new
{
    name = "Console batch bench",
    slug = "console-batch-bench-" + Guid.NewGuid().ToString("N")[..8],
    brand = new { voiceAndTone = "Plain.", bannedPhrases = Array.Empty<string>(), requiredPhrases = Array.Empty<string>() },
    quality = new { minScore = 50 },
});
created.EnsureSuccessStatusCode();
var project = await created.Content.ReadFromJsonAsync<JsonElement>();
var projectId = project.GetProperty("project").GetProperty("id").GetGuid();
var key = project.GetProperty("adminKey").GetProperty("key").GetString()!;
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
using var definition = await http.PostAsJsonAsync("/api/definitions", new { name = "product-page", stages = new object[] { new { type = "generate" }, new { type = "quality-gates" } } });
definition.EnsureSuccessStatusCode();
var definitionId = (await definition.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

var batchId = Guid.NewGuid();
var clock = Stopwatch.StartNew();
await using (var dataSource = NpgsqlDataSource.Create(args[2]))
{
    // Every fourth item completed, the next failed, the next waiting for review, the next not finished (no result row).
    await using var insert = dataSource.CreateCommand(
        $"""
        WITH dataset AS (
            INSERT INTO "{schema}".datasets (id, project_id, name, format, item_count, bad_row_count, created_at)
            VALUES (gen_random_uuid(), '{projectId}', 'catalogue', 'csv', {items}, 0, now()) RETURNING id
        ), rows AS (
            INSERT INTO "{schema}".dataset_items (dataset_id, item_index, line, data)
            SELECT dataset.id, n, n + 2, jsonb_build_object('topic', 'Product ' || (n + 1), 'keywords', jsonb_build_array('mesh wifi'), 'sourceText', 'Covers 120 square metres.', 'attributes', jsonb_build_object('sku', 'SKU-' || n))
            FROM dataset, generate_series(0, {items} - 1) AS n RETURNING 1
        ), batch AS (
            INSERT INTO "{schema}".batches (id, project_id, dataset_id, definition_id, definition_version, languages, item_count, workflow_id, created_at, settings_version)
            SELECT '{batchId}', '{projectId}', dataset.id, '{definitionId}', 1, ARRAY['en'], {items}, 'batch-{batchId:N}', now(), 1 FROM dataset RETURNING id
        )
        INSERT INTO "{schema}".batch_item_results (batch_id, item_index, language, attempt, status, score, cost, reason, updated_at)
        SELECT batch.id, n, 'en', 0, (ARRAY['completed', 'failed', 'needs-review'])[n % 4 + 1], CASE WHEN n % 4 = 1 THEN NULL ELSE 84 END, 0.0105,
               CASE WHEN n % 4 = 1 THEN 'generate: the model did not answer' END, now()
        FROM batch, generate_series(0, {items} - 1) AS n WHERE n % 4 < 3 AND (SELECT count(*) FROM rows) > 0;
        ANALYZE "{schema}".dataset_items;
        ANALYZE "{schema}".batch_item_results;
        """);
    await insert.ExecuteNonQueryAsync();
}

await Console.Error.WriteLineAsync($"bench: a batch of {items} items with {items * 3 / 4} results stored in {clock.Elapsed.TotalSeconds:0.0} s");

// The last page is reached by its cursor, as the page's Next button would after many clicks.
var lastPageCursor = string.Create(CultureInfo.InvariantCulture, $"{((items - 1) / 50 * 50) - 1}.1");
var lastPageRows = items % 50 == 0 ? 50 : items % 50;
var views = new (string Name, string Hash, int Rows)[]
{
    ("first page", $"#/batches/{batchId}", Math.Min(50, items)),
    ("failed only", $"#/batches/{batchId}?status=failed", Math.Min(50, items / 4)),
    ("not finished", $"#/batches/{batchId}?status=open", Math.Min(50, items / 4)),
    ("last page", $"#/batches/{batchId}?cursor={lastPageCursor}", lastPageRows),
};

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});

var failed = false;
Console.WriteLine($"console batch page, {items} items, median of {repeats} (navigation → progress and last unit row painted, headless chromium):");
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
        await page.Locator($"[data-testid=units-table] tbody tr:nth-child({rows})").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await page.GetByTestId("batch-finished").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });

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
