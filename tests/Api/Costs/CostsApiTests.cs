using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Tests.Llm;
using ContentFlows.Api.Tests.Batches;
using ContentFlows.Api.Tests.Runs;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Api.Tests.Costs;

[Collection(ApiEnvironmentCollection.Name)]
public sealed class CostsApiTests(ApiEnvironmentFixture fixture) : IClassFixture<ApiEnvironmentFixture>
{
    [Fact]
    public async Task GetRunCosts_FinishedRun_GroupsAndTotalsMatchTheStoredCalls()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        var definitionId = await fixture.CreateDefinitionAsync(adminKey, withApproval: false);
        var runId = await fixture.StartRunAsync(adminKey, definitionId);
        await fixture.WaitForRunAsync(adminKey, runId, ApiEnvironmentFixture.IsFinished);
        using var client = fixture.Client(adminKey);

        var report = await client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/costs");

        Assert.Equal(runId, report.GetProperty("runId").GetGuid());
        Assert.Equal(["stage", "model"], report.GetProperty("groupBy").EnumerateArray().Select(g => g.GetString()));
        var groups = report.GetProperty("groups").EnumerateArray().ToList();
        Assert.Contains(groups, g => g.GetProperty("stage").GetString() == "generate");
        var stored = await fixture.Postgres.ScalarAsync<string>(
            $"SELECT string_agg(stage || '/' || model || '/' || currency || '/' || n || '/' || p || '/' || c || '/' || trim_scale(cost), '|' ORDER BY stage, model) FROM (SELECT stage, model, currency, count(*) AS n, sum(prompt_tokens) AS p, sum(completion_tokens) AS c, sum(cost) AS cost FROM \"{fixture.Schema}\".llm_calls WHERE run_id = '{runId}' GROUP BY stage, model, currency) g");
        Assert.Equal(stored, string.Join('|', groups.Select(Row)));

        // The offline generator is priced by the worker's default list, in its currency.
        var total = Assert.Single(report.GetProperty("totals").EnumerateArray());
        Assert.Equal("USD", total.GetProperty("currency").GetString());
        Assert.Equal(groups.Sum(g => g.GetProperty("calls").GetInt64()), total.GetProperty("calls").GetInt64());
        Assert.Equal(groups.Sum(g => g.GetProperty("cost").GetDecimal()), total.GetProperty("cost").GetDecimal());
        Assert.True(total.GetProperty("cost").GetDecimal() > 0m);
        Assert.Equal(0, total.GetProperty("unpricedCalls").GetInt64());
        Assert.Equal(total.GetProperty("promptTokens").GetInt64() + total.GetProperty("completionTokens").GetInt64(), total.GetProperty("totalTokens").GetInt64());

        using var unknown = await client.GetAsync(new Uri($"/api/runs/{Guid.NewGuid()}/costs", UriKind.Relative));
        await RunsApiTests.AssertProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetProjectCosts_WindowWithRowsFromBeforePriceLists_OnlyThatProjectsCallsAndOldRowsKeepTheirCost()
    {
        var (projectId, adminKey) = await fixture.CreateProjectAsync();
        var (_, otherKey) = await fixture.CreateProjectAsync();
        var runId = await fixture.StartRunAsync(adminKey, await fixture.CreateDefinitionAsync(adminKey, withApproval: false));
        var otherRunId = await fixture.StartRunAsync(otherKey, await fixture.CreateDefinitionAsync(otherKey, withApproval: false));
        await fixture.WaitForRunAsync(adminKey, runId, ApiEnvironmentFixture.IsFinished);
        await fixture.WaitForRunAsync(otherKey, otherRunId, ApiEnvironmentFixture.IsFinished);

        // Rows as written before price lists (no currency) at known instants: two in January 2020 (one the other project's), one in February.
        await InsertLegacyCallAsync(runId, "rewrite", "gpt-test", 100, 40, 0.25m, "2020-01-10T08:00:00Z");
        await InsertLegacyCallAsync(runId, "rewrite", "gpt-test", 10, 4, 0.5m, "2020-01-31T23:59:59Z");
        await InsertLegacyCallAsync(otherRunId, "rewrite", "gpt-test", 1000, 400, 9m, "2020-01-15T00:00:00Z");
        await InsertLegacyCallAsync(runId, "rewrite", "gpt-test", 7, 3, 1m, "2020-02-01T00:00:00Z");
        using var client = fixture.Client(adminKey);

        var january = await client.GetFromJsonAsync<JsonElement>($"/api/projects/{projectId}/costs?from=2020-01-01&to=2020-02-01");

        Assert.Equal(projectId, january.GetProperty("projectId").GetGuid());
        Assert.Equal(["rewrite/gpt-test//2/110/44/0.75"], january.GetProperty("groups").EnumerateArray().Select(Row));
        var januaryTotal = Assert.Single(january.GetProperty("totals").EnumerateArray());
        Assert.Equal((JsonValueKind.Null, 2L, 154L, 0.75m), (januaryTotal.GetProperty("currency").ValueKind, januaryTotal.GetProperty("calls").GetInt64(), januaryTotal.GetProperty("totalTokens").GetInt64(), januaryTotal.GetProperty("cost").GetDecimal()));

        // Unbounded: every call of the project's runs, none of the other project's; old and new rows never add up across currencies.
        var all = await client.GetFromJsonAsync<JsonElement>($"/api/projects/{projectId}/costs");
        var totals = all.GetProperty("totals").EnumerateArray().ToDictionary(t => t.GetProperty("currency").GetString() ?? "(none)", t => t.GetProperty("cost").GetDecimal());
        var expected = await fixture.Postgres.ScalarAsync<decimal>($"SELECT sum(c.cost) FROM \"{fixture.Schema}\".llm_calls c JOIN \"{fixture.Schema}\".pipeline_runs r ON r.id = c.run_id WHERE r.project_id = '{projectId}' AND c.currency = 'USD'");
        Assert.Equal(new Dictionary<string, decimal> { ["(none)"] = 1.75m, ["USD"] = expected }, totals);
        Assert.Contains(all.GetProperty("groups").EnumerateArray(), g => g.GetProperty("stage").GetString() == "generate");
        Assert.Contains("rewrite/gpt-test//3/117/47/1.75", all.GetProperty("groups").EnumerateArray().Select(Row));

        using var reversed = await client.GetAsync(new Uri($"/api/projects/{projectId}/costs?from=2020-02-01&to=2020-01-01", UriKind.Relative));
        Assert.True((await RunsApiTests.AssertProblemAsync(reversed, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("to", out _));
        using var malformed = await client.GetAsync(new Uri($"/api/projects/{projectId}/costs?from=last-tuesday", UriKind.Relative));
        Assert.True((await RunsApiTests.AssertProblemAsync(malformed, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("from", out _));
        using var badGroup = await client.GetAsync(new Uri("/api/costs?groupBy=model,colour", UriKind.Relative));
        Assert.True((await RunsApiTests.AssertProblemAsync(badGroup, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("groupBy", out _));
        using var unknown = await client.GetAsync(new Uri($"/api/projects/{Guid.NewGuid()}/costs", UriKind.Relative));
        await RunsApiTests.AssertProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Costs_MixedModelsOnAnOpenAiEndpoint_EachCallAtThePriceOfTheModelThatAnsweredAndGroupedByModelStageAndDay()
    {
        // The draft says "world-class" (banned by the project), so the gates send it to the rewrite stage's cheaper model.
        await using var openAi = await FakeOpenAiServer.StartAsync();
        openAi.Enqueue(
            FakeReply.Completion(Draft("a world-class way"), promptTokens: 1000, completionTokens: 400, model: "gpt-4o-2024-08-06"),
            FakeReply.Completion(Draft("a simple way"), promptTokens: 2000, completionTokens: 500, model: "gpt-4o-mini-2024-07-18"));
        var (projectId, adminKey) = await fixture.CreateProjectAsync(new Dictionary<string, string> { [LlmSettings.DefaultApiKeySecret] = "sk-test-costs" });
        using var client = fixture.Client(adminKey);
        await PatchLlmAsync(client, projectId, new
        {
            endpoint = openAi.Endpoint.ToString(),
            requestTimeoutSeconds = 10,
            defaultModel = "gpt-4o",
            modelsByStage = new Dictionary<string, string> { ["rewrite"] = "gpt-4o-mini" },
            currency = "USD",

            // The project's own price for the mini model wins over the worker's default list; gpt-4o keeps the default.
            prices = new Dictionary<string, object> { ["gpt-4o-mini"] = new { inputPer1M = 0.2m, outputPer1M = 0.8m } },
        });
        using var definition = await client.PostAsJsonAsync("/api/definitions", new
        {
            name = "gated-and-rewritten",
            stages = new object[]
            {
                new { type = "generate", config = new { targetWords = 120 } },
                new { type = "quality-gates", config = new { } },
                new { type = "rewrite", config = new { maxRounds = 1 } },
            },
        });
        Assert.True(definition.IsSuccessStatusCode, await definition.Content.ReadAsStringAsync());
        var runId = await fixture.StartRunAsync(adminKey, (await definition.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        await fixture.WaitForRunAsync(adminKey, runId, run => run.GetProperty("state").GetString() is "completed" or "needs-review" or "failed");

        // The stages asked for their models; each row carries the model that answered, the currency and the price used.
        Assert.Equal(["gpt-4o", "gpt-4o-mini"], openAi.Requests.Select(r => r.Model));
        var rows = await fixture.Postgres.ScalarAsync<string>(
            $"SELECT string_agg(stage || '/' || model || '/' || requested_model || '/' || currency || '/' || priced_as || '/' || trim_scale(input_price_per_1m) || '/' || trim_scale(output_price_per_1m) || '/' || trim_scale(cost), '|' ORDER BY created_at, id) FROM \"{fixture.Schema}\".llm_calls WHERE run_id = '{runId}'");

        // generate: 1000 × 2.5 / 1M + 400 × 10 / 1M = 0.0065; rewrite: 2000 × 0.2 / 1M + 500 × 0.8 / 1M = 0.0008.
        Assert.Equal("generate/gpt-4o-2024-08-06/gpt-4o/USD/gpt-4o/2.5/10/0.0065|rewrite/gpt-4o-mini-2024-07-18/gpt-4o-mini/USD/gpt-4o-mini/0.2/0.8/0.0008", rows);

        var byModel = await client.GetFromJsonAsync<JsonElement>($"/api/costs?groupBy=model");
        Assert.Equal(
            ["gpt-4o-2024-08-06/USD/1/1000/400/0.0065", "gpt-4o-mini-2024-07-18/USD/1/2000/500/0.0008"],
            byModel.GetProperty("groups").EnumerateArray().Select(g => Key(g, "model")));
        var total = Assert.Single(byModel.GetProperty("totals").EnumerateArray());
        Assert.Equal(("USD", 2L, 3900L, 0.0073m), (total.GetProperty("currency").GetString(), total.GetProperty("calls").GetInt64(), total.GetProperty("totalTokens").GetInt64(), total.GetProperty("cost").GetDecimal()));

        var byStage = await client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/costs?groupBy=stage");
        Assert.Equal(["generate/USD/1/1000/400/0.0065", "rewrite/USD/1/2000/500/0.0008"], byStage.GetProperty("groups").EnumerateArray().Select(g => Key(g, "stage")));

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var byDayAndModel = await client.GetFromJsonAsync<JsonElement>($"/api/costs?groupBy=day&groupBy=model&from={today}");
        Assert.Equal([today], byDayAndModel.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("day").GetString()).Distinct());
        Assert.Equal(2, byDayAndModel.GetProperty("groups").GetArrayLength());
        var nothingYet = await client.GetFromJsonAsync<JsonElement>($"/api/costs?groupBy=day&to={today}");
        Assert.Equal(0, nothingYet.GetProperty("groups").GetArrayLength());
        Assert.Equal(0, nothingYet.GetProperty("totals").GetArrayLength());
    }

    [Fact]
    public async Task GetBatchCosts_BatchAndProjectInAnotherCurrency_PerRunSumsAndUnpricedCallsCounted()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        using var client = fixture.Client(adminKey);
        var definitionId = await fixture.CreateDefinitionAsync(adminKey, withApproval: false);
        var datasetId = await BatchesApiTests.UploadCsvAsync(client, "topic\nAcme Mesh Router\nAcme Smart Plug\n");
        using var started = await client.PostAsJsonAsync("/api/batches", new { datasetId, definitionId, languages = new[] { "en" } });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var batchId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var soloRunId = await fixture.StartRunAsync(adminKey, definitionId);
        await fixture.WaitForRunAsync(adminKey, soloRunId, ApiEnvironmentFixture.IsFinished);
        await PollAsync(client, $"/api/batches/{batchId}", b => b.GetProperty("state").GetString() == "completed");

        var byRun = await client.GetFromJsonAsync<JsonElement>($"/api/batches/{batchId}/costs?groupBy=run");

        // The batch's two item runs, not the run started beside it.
        var stored = await fixture.Postgres.ScalarAsync<string>(
            $"SELECT string_agg(c.run_id || '/' || trim_scale(sum), '|' ORDER BY c.run_id::text) FROM (SELECT run_id, sum(cost) FROM \"{fixture.Schema}\".llm_calls WHERE run_id IN (SELECT run_id FROM \"{fixture.Schema}\".batch_item_results WHERE batch_id = '{batchId}') GROUP BY run_id) c");
        Assert.Equal(stored, string.Join('|', byRun.GetProperty("groups").EnumerateArray().Select(g => $"{g.GetProperty("run").GetString()}/{g.GetProperty("cost").GetDecimal().ToString("0.######", CultureInfo.InvariantCulture)}")));
        Assert.Equal(2, byRun.GetProperty("groups").GetArrayLength());
        Assert.DoesNotContain(soloRunId.ToString(), stored, StringComparison.Ordinal);
        var byBatch = await client.GetFromJsonAsync<JsonElement>("/api/costs?groupBy=batch");
        Assert.Equal([null, batchId.ToString()], byBatch.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("batch").GetString()).Order(StringComparer.Ordinal));

        // A project in euros: the default list (in dollars) does not price its offline calls, which are counted unpriced at 0 EUR.
        var (euroProjectId, euroKey) = await fixture.CreateProjectAsync();
        using var euroClient = fixture.Client(euroKey);
        await PatchLlmAsync(euroClient, euroProjectId, new { currency = "EUR" });
        var euroRunId = await fixture.StartRunAsync(euroKey, await fixture.CreateDefinitionAsync(euroKey, withApproval: false));
        await fixture.WaitForRunAsync(euroKey, euroRunId, ApiEnvironmentFixture.IsFinished);
        var euro = Assert.Single((await euroClient.GetFromJsonAsync<JsonElement>("/api/costs")).GetProperty("totals").EnumerateArray());
        Assert.Equal("EUR", euro.GetProperty("currency").GetString());
        Assert.Equal(0m, euro.GetProperty("cost").GetDecimal());
        Assert.Equal(euro.GetProperty("calls").GetInt64(), euro.GetProperty("unpricedCalls").GetInt64());
        Assert.True(euro.GetProperty("calls").GetInt64() > 0);

        using var otherProjects = await euroClient.GetAsync(new Uri($"/api/batches/{batchId}/costs", UriKind.Relative));
        await RunsApiTests.AssertProblemAsync(otherProjects, HttpStatusCode.NotFound);
    }

    private static async Task PatchLlmAsync(HttpClient client, Guid projectId, object llm)
    {
        using var response = await client.PatchAsJsonAsync($"/api/projects/{projectId}/settings", new { llm });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> PollAsync(HttpClient client, string path, Func<JsonElement, bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        JsonElement last = default;
        while (!deadline.IsCancellationRequested)
        {
            last = await client.GetFromJsonAsync<JsonElement>(path, deadline.Token);
            if (condition(last))
            {
                return last;
            }

            await poll.WaitForNextTickAsync(deadline.Token);
        }

        Assert.Fail($"{path} did not reach the expected state; last: {last}");
        return last;
    }

    private static string Draft(string filler) => JsonSerializer.Serialize(
        new ContentFields(
            "Acme Mesh Router: mesh wifi for busy families",
            "Learn what the Acme Mesh Router offers busy families: coverage and a quick setup at home.",
            "Acme Mesh Router",
            $"The Acme Mesh Router is {filler} to bring mesh wifi to your whole home: it covers 120 square metres.\n\n" +
            "Set it up in minutes with the app and forget about dead zones in the kitchen, the garden and the kids' rooms.",
            "Order the Acme Mesh Router today"),
        ApiEnvironmentFixture.Json);

    private static string Key(JsonElement group, string dimension) => string.Create(
        CultureInfo.InvariantCulture,
        $"{group.GetProperty(dimension).GetString()}/{group.GetProperty("currency").GetString()}/{group.GetProperty("calls").GetInt64()}/{group.GetProperty("promptTokens").GetInt64()}/{group.GetProperty("completionTokens").GetInt64()}/{group.GetProperty("cost").GetDecimal().ToString("0.######", CultureInfo.InvariantCulture)}");

    private static string Row(JsonElement group) => string.Create(
        CultureInfo.InvariantCulture,
        $"{group.GetProperty("stage").GetString()}/{group.GetProperty("model").GetString()}/{group.GetProperty("currency").GetString()}/{group.GetProperty("calls").GetInt64()}/{group.GetProperty("promptTokens").GetInt64()}/{group.GetProperty("completionTokens").GetInt64()}/{group.GetProperty("cost").GetDecimal().ToString("0.######", CultureInfo.InvariantCulture)}");

    private Task InsertLegacyCallAsync(Guid runId, string stage, string model, int promptTokens, int completionTokens, decimal cost, string createdAt) =>
        fixture.Postgres.ScalarAsync<object>(string.Create(
            CultureInfo.InvariantCulture,
            $"INSERT INTO \"{fixture.Schema}\".llm_calls (id, run_id, stage, model, prompt_tokens, completion_tokens, cost, created_at) VALUES ('{Guid.NewGuid()}', '{runId}', '{stage}', '{model}', {promptTokens}, {completionTokens}, {cost}, '{createdAt}')"));
}
