using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ContentFlows.Bench.Shared;
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

Console.WriteLine($"console batch page, {items} items, median of {repeats} (navigation → progress and last unit row painted, headless chromium):");
var allUnder = await ConsolePageTimer.AllUnderAsync(api, key, views.Select(v => (v.Name, v.Hash, (Func<IPage, Task>)(async page =>
{
    await page.Locator($"[data-testid=units-table] tbody tr:nth-child({v.Rows})").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
    await page.GetByTestId("batch-finished").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
}))).ToList(), repeats, limit);
return allUnder ? 0 : 1;
