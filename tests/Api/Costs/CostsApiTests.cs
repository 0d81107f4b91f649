using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContentFlows.Api.Tests.Runs;

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
        var groups = report.GetProperty("groups").EnumerateArray().ToList();
        Assert.Contains(groups, g => g.GetProperty("stage").GetString() == "generate");
        var stored = await fixture.Postgres.ScalarAsync<string>(
            $"SELECT string_agg(stage || '/' || model || '/' || n || '/' || p || '/' || c || '/' || trim_scale(cost), '|' ORDER BY stage, model) FROM (SELECT stage, model, count(*) AS n, sum(prompt_tokens) AS p, sum(completion_tokens) AS c, sum(cost) AS cost FROM \"{fixture.Schema}\".llm_calls WHERE run_id = '{runId}' GROUP BY stage, model) g");
        Assert.Equal(stored, string.Join('|', groups.Select(Row)));
        var totals = report.GetProperty("totals");
        Assert.Equal(groups.Sum(g => g.GetProperty("calls").GetInt64()), totals.GetProperty("calls").GetInt64());
        Assert.Equal(groups.Sum(g => g.GetProperty("cost").GetDecimal()), totals.GetProperty("cost").GetDecimal());
        Assert.Equal(totals.GetProperty("promptTokens").GetInt64() + totals.GetProperty("completionTokens").GetInt64(), totals.GetProperty("totalTokens").GetInt64());

        using var unknown = await client.GetAsync(new Uri($"/api/runs/{Guid.NewGuid()}/costs", UriKind.Relative));
        await RunsApiTests.AssertProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetProjectCosts_Window_OnlyThatProjectsCallsInTheWindowGroupedByStageAndModel()
    {
        var (projectId, adminKey) = await fixture.CreateProjectAsync();
        var (_, otherKey) = await fixture.CreateProjectAsync();
        var runId = await fixture.StartRunAsync(adminKey, await fixture.CreateDefinitionAsync(adminKey, withApproval: false));
        var otherRunId = await fixture.StartRunAsync(otherKey, await fixture.CreateDefinitionAsync(otherKey, withApproval: false));
        await fixture.WaitForRunAsync(adminKey, runId, ApiEnvironmentFixture.IsFinished);
        await fixture.WaitForRunAsync(otherKey, otherRunId, ApiEnvironmentFixture.IsFinished);

        // Calls at known instants: two in January 2020 (one the other project's), one in February.
        await InsertCallAsync(runId, "rewrite", "gpt-test", 100, 40, 0.25m, "2020-01-10T08:00:00Z");
        await InsertCallAsync(runId, "rewrite", "gpt-test", 10, 4, 0.5m, "2020-01-31T23:59:59Z");
        await InsertCallAsync(otherRunId, "rewrite", "gpt-test", 1000, 400, 9m, "2020-01-15T00:00:00Z");
        await InsertCallAsync(runId, "rewrite", "gpt-test", 7, 3, 1m, "2020-02-01T00:00:00Z");
        using var client = fixture.Client(adminKey);

        var january = await client.GetFromJsonAsync<JsonElement>($"/api/projects/{projectId}/costs?from=2020-01-01&to=2020-02-01");

        Assert.Equal(projectId, january.GetProperty("projectId").GetGuid());
        Assert.Equal(["rewrite/gpt-test/2/110/44/0.75"], january.GetProperty("groups").EnumerateArray().Select(Row));
        Assert.Equal((2L, 154L, 0.75m), (january.GetProperty("totals").GetProperty("calls").GetInt64(), january.GetProperty("totals").GetProperty("totalTokens").GetInt64(), january.GetProperty("totals").GetProperty("cost").GetDecimal()));

        // Unbounded: every call of the project's runs, the pipeline's own included, and none of the other project's.
        var all = await client.GetFromJsonAsync<JsonElement>($"/api/projects/{projectId}/costs");
        var expected = await fixture.Postgres.ScalarAsync<decimal>($"SELECT sum(c.cost) FROM \"{fixture.Schema}\".llm_calls c JOIN \"{fixture.Schema}\".pipeline_runs r ON r.id = c.run_id WHERE r.project_id = '{projectId}'");
        Assert.Equal(expected, all.GetProperty("totals").GetProperty("cost").GetDecimal());
        Assert.Contains(all.GetProperty("groups").EnumerateArray(), g => g.GetProperty("stage").GetString() == "generate");
        Assert.Contains("rewrite/gpt-test/3/117/47/1.75", all.GetProperty("groups").EnumerateArray().Select(Row));

        using var reversed = await client.GetAsync(new Uri($"/api/projects/{projectId}/costs?from=2020-02-01&to=2020-01-01", UriKind.Relative));
        Assert.True((await RunsApiTests.AssertProblemAsync(reversed, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("to", out _));
        using var malformed = await client.GetAsync(new Uri($"/api/projects/{projectId}/costs?from=last-tuesday", UriKind.Relative));
        Assert.True((await RunsApiTests.AssertProblemAsync(malformed, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("from", out _));
        using var unknown = await client.GetAsync(new Uri($"/api/projects/{Guid.NewGuid()}/costs", UriKind.Relative));
        await RunsApiTests.AssertProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    private static string Row(JsonElement group) => string.Create(
        CultureInfo.InvariantCulture,
        $"{group.GetProperty("stage").GetString()}/{group.GetProperty("model").GetString()}/{group.GetProperty("calls").GetInt64()}/{group.GetProperty("promptTokens").GetInt64()}/{group.GetProperty("completionTokens").GetInt64()}/{group.GetProperty("cost").GetDecimal().ToString("0.######", CultureInfo.InvariantCulture)}");

    private Task InsertCallAsync(Guid runId, string stage, string model, int promptTokens, int completionTokens, decimal cost, string createdAt) =>
        fixture.Postgres.ScalarAsync<object>(string.Create(
            CultureInfo.InvariantCulture,
            $"INSERT INTO \"{fixture.Schema}\".llm_calls (id, run_id, stage, model, prompt_tokens, completion_tokens, cost, created_at) VALUES ('{Guid.NewGuid()}', '{runId}', '{stage}', '{model}', {promptTokens}, {completionTokens}, {cost}, '{createdAt}')"));
}
