using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ContentFlows.Bench.Shared;
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

Console.WriteLine($"console runs list, {runs} runs, median of {repeats} (navigation → last row painted, headless chromium):");
var allUnder = await ConsolePageTimer.AllUnderAsync(api, key, views.Select(v => (v.Name, v.Hash, (Func<IPage, Task>)(page => page.Locator($"[data-testid=runs-table] tbody tr:nth-child({v.Rows})").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 })))).ToList(), repeats, limit);
return allUnder ? 0 : 1;

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
