using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContentFlows.Api.Tests.Runs;

namespace ContentFlows.Api.Tests.Definitions;

[Collection(ApiEnvironmentCollection.Name)]
public sealed class DefinitionsApiTests(ApiEnvironmentFixture fixture) : IClassFixture<ApiEnvironmentFixture>
{
    [Fact]
    public async Task CreateDefinition_InvalidStages_BadRequestListsEveryProblemWithItsStage()
    {
        var (projectId, adminKey) = await fixture.CreateProjectAsync();
        using var client = fixture.Client(adminKey);

        using var response = await client.PostAsJsonAsync("/api/definitions", new
        {
            name = "broken",
            stages = new object[]
            {
                new { type = "generate", config = new { } },
                new { type = "no-such-stage", config = new { } },
                new { type = "approval", config = new { timeoutSeconds = -1 } },
            },
        });

        var problem = await RunsApiTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Contains("unknown stage type", errors.GetProperty("stages[1]")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("timeoutSeconds", errors.GetProperty("stages[2]")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0L, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".pipeline_definitions WHERE project_id = '{projectId}'"));

        using var missing = await client.PostAsJsonAsync("/api/definitions", new { stages = new[] { new { config = new { } } } });
        var missingProblem = await RunsApiTests.AssertProblemAsync(missing, HttpStatusCode.BadRequest);
        Assert.True(missingProblem.GetProperty("errors").TryGetProperty("name", out _));
        Assert.True(missingProblem.GetProperty("errors").TryGetProperty("stages[0].type", out _));
    }

    [Fact]
    public async Task CreateDefinition_SameNameTwice_StoresVersionsListedAndReadable()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        var first = await fixture.CreateDefinitionAsync(adminKey);
        var second = await fixture.CreateDefinitionAsync(adminKey);
        Assert.Equal(first, second);

        using var client = fixture.Client(adminKey);
        var listed = await client.GetFromJsonAsync<JsonElement>("/api/definitions");
        Assert.Equal([2, 1], listed.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("version").GetInt32()));
        var latest = await client.GetFromJsonAsync<JsonElement>($"/api/definitions/{first}");
        Assert.Equal(2, latest.GetProperty("version").GetInt32());
        Assert.Equal(4, latest.GetProperty("stages").GetArrayLength());
        var v1 = await client.GetFromJsonAsync<JsonElement>($"/api/definitions/{first}/versions/1");
        Assert.Equal("reviewed-page", v1.GetProperty("name").GetString());

        using var unknown = await client.GetAsync(new Uri($"/api/definitions/{first}/versions/3", UriKind.Relative));
        await RunsApiTests.AssertProblemAsync(unknown, HttpStatusCode.NotFound);

        // The OpenAPI document describes the endpoints.
        var openApi = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Contains("/api/runs/{runId}/approval", openApi, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListDefinitions_ManyVersions_PagedByCursorInNameThenNewestVersionOrder()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        using var client = fixture.Client(adminKey);
        foreach (var name in new[] { "beta", "alpha", "beta", "gamma", "alpha" })
        {
            using var created = await client.PostAsJsonAsync("/api/definitions", new { name, stages = new[] { new { type = "generate", config = new { } } } });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var seen = new List<(string Name, int Version)>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>("/api/definitions?limit=2" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)));
            var items = page.GetProperty("items").EnumerateArray().Select(d => (d.GetProperty("name").GetString()!, d.GetProperty("version").GetInt32())).ToList();
            Assert.InRange(items.Count, 1, 2);
            seen.AddRange(items);
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal([("alpha", 2), ("alpha", 1), ("beta", 2), ("beta", 1), ("gamma", 1)], seen);
        Assert.Equal(3, pages);

        using var bad = await client.GetAsync(new Uri("/api/definitions?limit=0&cursor=nope", UriKind.Relative));
        var problem = await RunsApiTests.AssertProblemAsync(bad, HttpStatusCode.BadRequest);
        Assert.Equal(["cursor", "limit"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CreateDefinition_MoreStagesThanTheLimit_BadRequestNamingTheFieldAndTheLimit()
    {
        var (projectId, adminKey) = await fixture.CreateProjectAsync();
        using var client = fixture.Client(adminKey);

        using var response = await client.PostAsJsonAsync("/api/definitions", new
        {
            name = "endless",
            stages = Enumerable.Range(0, 10_000).Select(_ => new { type = "quality-gates", config = new { } }).ToArray(),
        });

        var problem = await RunsApiTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("at most 50 stages", problem.GetProperty("errors").GetProperty("stages")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0L, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".pipeline_definitions WHERE project_id = '{projectId}'"));
    }
}
